using System.Data.Common;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Data.Sqlite;
using Keystone.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Data;

/// <summary>How the CLI names the database it works on, and its check that the database is ready.</summary>
internal static class CliDatabase
{
    /// <summary>Prints which database the command works on, so that nobody changes the wrong one by accident.</summary>
    public static void PrintTarget(IServiceProvider services, IAnsiConsole console)
    {
        var (provider, connection) = DatabaseRegistration.Resolve(services.GetRequiredService<IConfiguration>());
        console.MarkupLineInterpolated($"Database: [bold]{provider.Name}[/], {Describe(provider, connection)}");
    }

    /// <summary>Where the data is, without the password: the SQLite file, or the PostgreSQL database, server and user.</summary>
    public static string Describe(Keystone.Core.Data.IDatabaseProvider provider, string connection)
    {
        var settings = new DbConnectionStringBuilder { ConnectionString = connection };
        string? Get(params string[] keys) =>
            keys.Select(k => settings.TryGetValue(k, out var value) ? value?.ToString() : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        if (provider is SqliteDatabaseProvider)
        {
            var file = Get("Data Source", "DataSource", "Filename");
            return file is null or ":memory:" ? "in memory" : $"file {Path.GetFullPath(file)}";
        }
        var host = Get("Host", "Server") ?? "localhost";
        var port = Get("Port");
        var user = Get("Username", "User ID", "UserID", "User Name", "User");
        var database = Get("Database", "DB") ?? user ?? "(default)";
        return $"database {database} on {host}{(port is null ? "" : ":" + port)}{(user is null ? "" : " as " + user)}";
    }

    /// <summary>
    /// Opens a scope acting as the system, the actor of administration from the command line, after
    /// checking that the database exists and has every migration of this version of Keystone.
    /// </summary>
    public static async Task<AsyncServiceScope> OpenAsSystemAsync(IServiceProvider services, CancellationToken ct)
    {
        var scope = services.CreateAsyncScope();
        try
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
            {
                throw new CliException("database: there is no Keystone database there yet; create it with 'keystone db migrate'.");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                throw new CliException(
                    $"database: {pending.Count} migration(s) of this Keystone are not applied ({string.Join(", ", pending)}); run 'keystone db migrate' first.");
            }
            return scope;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }
}
