using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Data.Postgres;
using Keystone.Data.Sqlite;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Data;

/// <summary>The migrations of each provider build exactly the model, from nothing, and can be undone.</summary>
public sealed class SchemaTests
{
    [Theory, AllDatabases]
    public void The_migrations_match_the_model(DatabaseKind kind)
    {
        // The design-time factory never connects: the check compares the model with the last snapshot.
        using var db = DesignTimeContext(kind);

        Assert.False(db.Database.HasPendingModelChanges(), $"The {kind} model has changes without a migration; add one with dotnet ef migrations add.");
    }

    [Fact]
    public void Every_migration_exists_for_both_providers()
    {
        using var sqlite = DesignTimeContext(DatabaseKind.Sqlite);
        using var postgres = DesignTimeContext(DatabaseKind.Postgres);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(postgres));
    }

    [Theory, AllDatabases]
    public async Task The_migrations_apply_to_an_empty_database_and_roll_back_to_nothing(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await using var db = Context(kind, database.ConnectionString);
        var migrator = db.GetService<IMigrator>();

        await db.Database.MigrateAsync();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Accounts.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());

        await migrator.MigrateAsync(Migration.InitialDatabase);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Accounts.CountAsync());

        await db.Database.MigrateAsync();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    private static KeystoneDbContext DesignTimeContext(DatabaseKind kind) => kind == DatabaseKind.Sqlite
        ? new Keystone.Data.Sqlite.DesignTimeFactory().CreateDbContext([])
        : new Keystone.Data.Postgres.DesignTimeFactory().CreateDbContext([]);

    private static KeystoneDbContext Context(DatabaseKind kind, string connectionString)
    {
        IDatabaseProvider provider = kind == DatabaseKind.Sqlite ? new SqliteDatabaseProvider() : new PostgresDatabaseProvider();
        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        provider.Configure(options, connectionString);
        provider.PrepareStorage(connectionString);
        return KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
    }
}
