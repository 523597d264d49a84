using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Data.Postgres;
using Keystone.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Keystone.Web.Data;

public static class DatabaseRegistration
{
    /// <summary>
    /// Where SQLite keeps Keystone when no connection string is given: one place per user, so that the
    /// web app and the <c>keystone</c> command find the same database whichever folder they run from.
    /// </summary>
    public static string DefaultSqliteFile { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "keystone", "keystone.db");

    public static string DefaultSqliteConnection => $"Data Source={DefaultSqliteFile}";

    public static IReadOnlyList<IDatabaseProvider> Providers { get; } = [new SqliteDatabaseProvider(), new PostgresDatabaseProvider()];

    /// <summary>
    /// Picks the provider from <c>Database:Provider</c> (Sqlite by default) and the connection from
    /// <c>ConnectionStrings:Keystone</c>; both come from appsettings, environment variables or the command line.
    /// </summary>
    public static (IDatabaseProvider Provider, string ConnectionString) Resolve(IConfiguration configuration)
    {
        var name = configuration["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(name)
            ? Providers[0]
            : Providers.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
              ?? throw new InvalidOperationException(
                  $"Database:Provider is '{name}', which Keystone does not know; set it to {string.Join(" or ", Providers.Select(p => p.Name))}.");
        var connection = configuration.GetConnectionString("Keystone");
        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = provider is SqliteDatabaseProvider
                ? DefaultSqliteConnection
                : throw new InvalidOperationException("ConnectionStrings:Keystone is empty; give the PostgreSQL connection string, for example Host=127.0.0.1;Database=keystone;Username=keystone.");
        }
        return (provider, connection);
    }

    public static IServiceCollection AddKeystoneDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var (provider, connection) = Resolve(configuration);
        services.AddSingleton(provider);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<CurrentActor>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<CurrentActor>());
        // Blazor components create a short-lived context per operation; API requests get one per request.
        // Tokens and actors of API requests, emptied by the interceptor whenever a user or token change is saved (ADR 0013).
        services.AddSingleton<AccessCache>();
        services.AddSingleton<AccessCacheInvalidation>();
        // The options are built once, and contexts come from a pool: a request or a component rents one
        // and binds it to its actor, instead of building a context (and looking up EF Core's internal
        // services for it) every time. A context forgets its actor when it goes back (KeystoneDbContext.Bind).
        services.AddSingleton(sp =>
        {
            var options = new DbContextOptionsBuilder<KeystoneDbContext>();
            options.UseApplicationServiceProvider(sp);
            provider.Configure(options, connection);
            options.AddInterceptors(sp.GetRequiredService<AccessCacheInvalidation>());
            return options.Options;
        });
        services.AddSingleton(sp => new PooledDbContextFactory<KeystoneDbContext>(sp.GetRequiredService<DbContextOptions<KeystoneDbContext>>()));
        services.AddScoped<IDbContextFactory<KeystoneDbContext>, ActorBoundContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<KeystoneDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Brings the schema up to date; every start does it, and so does <c>keystone db migrate</c>.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<IDatabaseProvider>();
        var (_, connection) = Resolve(scope.ServiceProvider.GetRequiredService<IConfiguration>());
        provider.PrepareStorage(connection);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// Rents pooled contexts bound to the actor of the scope (a request or a Blazor circuit) and to the
    /// host's clock. Every context of the web host comes from here.
    /// </summary>
    private sealed class ActorBoundContextFactory(
        PooledDbContextFactory<KeystoneDbContext> pool, ICurrentActor actor, TimeProvider clock) : IDbContextFactory<KeystoneDbContext>
    {
        public KeystoneDbContext CreateDbContext()
        {
            var db = pool.CreateDbContext();
            db.Bind(actor, clock);
            return db;
        }
    }
}
