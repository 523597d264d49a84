using Keystone.Core.Revenue;
using System.CommandLine;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Data.Sqlite;
using Keystone.Web.Access;
using Keystone.Web.Data;
using Keystone.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Keystone.Cli;

/// <summary>What every command of one run shares: where it writes, and the options that pick the database.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Out = CreateConsole(output);
        Err = CreateConsole(error);
    }

    /// <summary>For lines that scripts read, such as a password or a token: written as they are, never wrapped or styled.</summary>
    public TextWriter Output { get; }

    public IAnsiConsole Out { get; }

    public IAnsiConsole Err { get; }

    public Option<string?> Provider { get; } = new Option<string?>("--provider")
    {
        Description = "The database: Sqlite (default) or Postgres. Overrides the Database:Provider setting.",
        HelpName = "Sqlite|Postgres",
        Recursive = true,
    }.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. DatabaseRegistration.Providers.Select(p => p.Name)]);

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "The connection string, such as \"Data Source=data/keystone.db\". Overrides the ConnectionStrings:Keystone setting.",
        HelpName = "string",
        Recursive = true,
    };

    /// <summary>
    /// The services of Keystone.Web a command needs (the database and Identity), configured as the web
    /// app is: its appsettings.json, environment variables such as <c>Database__Provider</c>, then
    /// <c>--provider</c> and <c>--connection</c>.
    /// </summary>
    public IHost BuildHost(ParseResult parse)
    {
        var settings = new HostApplicationBuilderSettings
        {
            ApplicationName = typeof(KeystoneWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        };
        // The web host reads its environment from ASPNETCORE_ENVIRONMENT too, and prefers it.
        if (Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } environment)
        {
            settings.EnvironmentName = environment;
        }
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(DatabaseSettings(parse));
        CheckDatabaseSettings(builder.Configuration);
        builder.Services.AddKeystoneDatabase(builder.Configuration);
        builder.Services.AddKeystoneRevenue(builder.Configuration);
        builder.Services.AddKeystoneAuthentication();
        return builder.Build();
    }

    /// <summary><c>--provider</c> and <c>--connection</c> as the configuration keys they override.</summary>
    public IEnumerable<KeyValuePair<string, string?>> DatabaseSettings(ParseResult parse)
    {
        if (parse.GetValue(Provider) is { } provider)
        {
            yield return new("Database:Provider", provider);
        }
        if (parse.GetValue(Connection) is { } connection)
        {
            yield return new("ConnectionStrings:Keystone", connection);
        }
    }

    /// <summary>
    /// Turns a wrong provider, a missing connection string or one written for the other database
    /// (appsettings.json holds a SQLite one) into a one-line error rather than a stack trace.
    /// </summary>
    public static void CheckDatabaseSettings(IConfiguration configuration)
    {
        IDatabaseProvider provider;
        string connection;
        try
        {
            (provider, connection) = DatabaseRegistration.Resolve(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        provider.Configure(options, connection);
        using var db = KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
        try
        {
            // Parses the connection string without connecting.
            db.Database.GetDbConnection();
        }
        catch (ArgumentException e)
        {
            var example = provider is SqliteDatabaseProvider ? "Data Source=data/keystone.db" : "Host=127.0.0.1;Database=keystone;Username=keystone";
            throw new CliException(
                $"ConnectionStrings:Keystone is not a {provider.Name} connection string ({e.Message}); give one with --connection, such as \"{example}\".");
        }
    }

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        // Redirected output is read by scripts and tests: plain text, and one line stays one line.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            Ansi = output.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!output.IsTerminal)
        {
            console.Profile.Width = 1_000;
        }
        return console;
    }
}
