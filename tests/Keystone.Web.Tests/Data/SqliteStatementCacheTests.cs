using System.Data;
using System.Globalization;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Data.Sqlite;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Data;

/// <summary>
/// On SQLite, statements stay prepared on their connection and a pooled context keeps its connection
/// open between uses (ADR 0015). What it must never do: read old data, carry a transaction or a user
/// into the next use, or run one statement for two readers at once.
/// </summary>
public sealed class SqliteStatementCacheTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Fact]
    public async Task A_pooled_context_keeps_its_connection_and_statements_and_reads_what_others_wrote_since()
    {
        var (host, pool, owner, account) = await SetUpAsync();
        var actor = await ActorOfAsync(host, owner.Id);

        var first = Rent(pool, actor);
        Assert.Equal(account.Name, await NameAsync(first, account.Id));
        var connection = (SqliteConnection)first.Database.GetDbConnection();
        var kept = SqliteStatementCache.CountFor(connection);
        Assert.True(kept > 0);
        await first.DisposeAsync();
        Assert.Equal(ConnectionState.Open, connection.State);

        // Another context (another connection) renames the account meanwhile.
        await host.AsSystemAsync(async db =>
        {
            var stored = await db.Accounts.SingleAsync(a => a.Id == account.Id);
            stored.Name = "Renamed while the first context was idle";
            await db.SaveChangesAsync();
        });

        var second = pool.CreateDbContext();
        Assert.Same(first, second);
        second.Bind(new CurrentActor(actor), TimeProvider.System);
        Assert.Equal("Renamed while the first context was idle", await NameAsync(second, account.Id));
        Assert.Same(connection, second.Database.GetDbConnection());
        Assert.Equal(kept, SqliteStatementCache.CountFor(connection));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task A_kept_statement_applies_the_access_rules_of_whoever_runs_it()
    {
        var (host, pool, owner, account) = await SetUpAsync();
        var stranger = await host.CreateUserAsync(KeystoneRole.JuniorKam);

        Assert.Equal(account.Name, await NameInOneUseAsync(pool, await ActorOfAsync(host, owner.Id), account.Id));
        Assert.Null(await NameInOneUseAsync(pool, await ActorOfAsync(host, stranger.Id), account.Id));
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_when_the_context_goes_back()
    {
        var (host, pool, owner, account) = await SetUpAsync();
        var actor = await ActorOfAsync(host, owner.Id);

        var first = Rent(pool, actor);
        await first.Database.BeginTransactionAsync();
        var stored = await first.Accounts.SingleAsync(a => a.Id == account.Id);
        stored.Name = "Never committed";
        await first.SaveChangesAsync();
        await first.DisposeAsync();

        var second = Rent(pool, actor);
        Assert.Null(second.Database.CurrentTransaction);
        Assert.Equal(account.Name, await NameAsync(second, account.Id));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_in_a_transaction_EF_Core_does_not_know_is_closed_not_kept()
    {
        var (host, pool, owner, account) = await SetUpAsync();
        var actor = await ActorOfAsync(host, owner.Id);

        var first = Rent(pool, actor);
        await first.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)first.Database.GetDbConnection();
        using (var transaction = connection.BeginTransaction())
        {
            using var rename = connection.CreateCommand();
            rename.Transaction = transaction;
            rename.CommandText = "UPDATE accounts SET \"Name\" = 'Never committed' WHERE \"Id\" = $id";
            rename.Parameters.AddWithValue("$id", account.Id.ToString().ToUpperInvariant());
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
            await first.DisposeAsync();
            Assert.Equal(ConnectionState.Closed, connection.State);
        }

        Assert.Equal(account.Name, await NameInOneUseAsync(pool, actor, account.Id));
    }

    [Fact]
    public async Task The_same_query_run_while_its_first_reader_is_open_gets_a_statement_of_its_own()
    {
        var (host, pool, owner, _) = await SetUpAsync();
        await host.CreateAccountAsync(owner);
        await host.CreateAccountAsync(owner);
        var db = Rent(pool, await ActorOfAsync(host, owner.Id));

        var outer = new List<Guid>();
        var inner = new List<int>();
        await foreach (var id in Ids(db).AsAsyncEnumerable())
        {
            outer.Add(id);
            inner.Add((await Ids(db).ToListAsync()).Count);
        }

        Assert.Equal(3, outer.Count);
        Assert.Equal([3, 3, 3], inner);
        await db.DisposeAsync();

        static IQueryable<Guid> Ids(KeystoneDbContext db) => db.Accounts.OrderBy(a => a.Id).Select(a => a.Id);
    }

    [Fact]
    public async Task At_most_the_capacity_is_kept_and_closing_the_connection_forgets_them_all()
    {
        var (host, pool, owner, account) = await SetUpAsync();
        var db = Rent(pool, await ActorOfAsync(host, owner.Id));
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        for (var i = 0; i < SqliteStatementCache.Capacity + 20; i++)
        {
            // A distinct statement each time: the number is part of its text.
            var sql = "SELECT " + i.ToString(CultureInfo.InvariantCulture) + " AS \"Value\"";
            Assert.Equal(i, await db.Database.SqlQueryRaw<int>(sql).SingleAsync());
        }
        Assert.Equal(SqliteStatementCache.Capacity, SqliteStatementCache.CountFor(connection));
        // The oldest were evicted and still run, prepared again.
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT 0 AS \"Value\"").SingleAsync());

        await connection.CloseAsync();
        Assert.Equal(0, SqliteStatementCache.CountFor(connection));
        Assert.Equal(account.Name, await NameAsync(db, account.Id));
        await db.DisposeAsync();
    }

    [Fact]
    public async Task At_most_so_many_connections_to_one_database_are_kept_open()
    {
        var (host, _, owner, account) = await SetUpAsync();
        var actor = await ActorOfAsync(host, owner.Id);
        var pool = new PooledDbContextFactory<KeystoneDbContext>(host.Services.GetRequiredService<DbContextOptions<KeystoneDbContext>>(), poolSize: 64);
        var contexts = Enumerable.Range(0, SqliteKeptConnection.MaxKeptPerDatabase + 8).Select(_ => pool.CreateDbContext()).ToList();
        var connectionString = contexts[0].Database.GetDbConnection().ConnectionString;
        var keptBefore = SqliteKeptConnection.KeptFor(connectionString);

        foreach (var db in contexts)
        {
            db.Bind(new CurrentActor(actor), TimeProvider.System);
            await db.Database.OpenConnectionAsync();
            Assert.Equal(account.Name, await NameAsync(db, account.Id));
        }
        var connections = contexts.Select(c => c.Database.GetDbConnection()).ToList();
        foreach (var db in contexts)
        {
            await db.DisposeAsync();
        }

        Assert.Equal(SqliteKeptConnection.MaxKeptPerDatabase, SqliteKeptConnection.KeptFor(connectionString));
        Assert.Equal(SqliteKeptConnection.MaxKeptPerDatabase - keptBefore, connections.Count(c => c.State == ConnectionState.Open));

        // Closed directly, they count no more (and leave room for the other tests on this database).
        foreach (var connection in connections)
        {
            await connection.CloseAsync();
        }
        Assert.Equal(keptBefore, SqliteKeptConnection.KeptFor(connectionString));
    }

    private async Task<(KeystoneHost Host, PooledDbContextFactory<KeystoneDbContext> Pool, TestUser Owner, AccountDetails Account)> SetUpAsync()
    {
        var host = await fixture.HostAsync(DatabaseKind.Sqlite);
        var owner = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(owner);
        // A pool of one over the host's own options: each rent is the same context again.
        var pool = new PooledDbContextFactory<KeystoneDbContext>(host.Services.GetRequiredService<DbContextOptions<KeystoneDbContext>>(), poolSize: 1);
        return (host, pool, owner, account);
    }

    private static KeystoneDbContext Rent(PooledDbContextFactory<KeystoneDbContext> pool, Actor actor)
    {
        var db = pool.CreateDbContext();
        db.Bind(new CurrentActor(actor), TimeProvider.System);
        return db;
    }

    /// <summary>The account's name as <paramref name="actor"/> sees it, in one rent of a context from <paramref name="pool"/>.</summary>
    private static async Task<string?> NameInOneUseAsync(PooledDbContextFactory<KeystoneDbContext> pool, Actor actor, Guid id)
    {
        await using var db = Rent(pool, actor);
        return await NameAsync(db, id);
    }

    private static Task<string?> NameAsync(KeystoneDbContext db, Guid id) =>
        db.Accounts.Where(a => a.Id == id).Select(a => a.Name).SingleOrDefaultAsync();

    private static Task<Actor> ActorOfAsync(KeystoneHost host, Guid userId) =>
        host.AsSystemAsync(async (db, _) => await ActorLoader.LoadAsync(db, userId) ?? throw new InvalidOperationException("No such user."));
}
