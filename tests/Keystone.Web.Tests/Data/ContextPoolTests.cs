using System.Data;
using System.Net;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Data;

/// <summary>
/// The web host rents its database contexts from a pool (DatabaseRegistration). A context must never
/// carry one user's access rules, clock or open connection into its next use.
/// </summary>
public sealed class ContextPoolTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task A_context_back_from_its_pool_has_no_actor_until_it_is_bound_again(DatabaseKind db)
    {
        var (host, alice, bob, aliceAccount, bobAccount) = await TwoOwnersAsync(db);
        // A pool of one, over the host's own options: the second rent is the first context again.
        var pool = new PooledDbContextFactory<KeystoneDbContext>(host.Services.GetRequiredService<DbContextOptions<KeystoneDbContext>>(), poolSize: 1);

        var first = pool.CreateDbContext();
        first.Bind(new CurrentActor(await ActorOfAsync(host, alice.Id)), TimeProvider.System);
        Assert.Equal([aliceAccount.Id], await first.Accounts.Where(a => a.Id == aliceAccount.Id || a.Id == bobAccount.Id).Select(a => a.Id).ToListAsync());
        await first.Database.OpenConnectionAsync();
        await first.DisposeAsync();

        var second = pool.CreateDbContext();
        Assert.Same(first, second);
        Assert.False(second.IsBound);
        Assert.Throws<InvalidOperationException>(() => second.Actor);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.Accounts.CountAsync());
        // On SQLite an idle connection stays open with its prepared statements (ADR 0015); never a transaction.
        Assert.Equal(db == DatabaseKind.Sqlite ? ConnectionState.Open : ConnectionState.Closed, second.Database.GetDbConnection().State);
        Assert.Null(second.Database.CurrentTransaction);

        second.Bind(new CurrentActor(await ActorOfAsync(host, bob.Id)), TimeProvider.System);
        Assert.Equal([bobAccount.Id], await second.Accounts.Where(a => a.Id == aliceAccount.Id || a.Id == bobAccount.Id).Select(a => a.Id).ToListAsync());
        await second.DisposeAsync();
    }

    [Fact]
    public void Every_field_of_the_context_is_one_that_going_back_to_the_pool_resets()
    {
        // EF Core resets its own state when a pooled context is returned; state Keystone adds to the context
        // must be reset by KeystoneDbContext.Unbind, or it is carried into the next request (ADR 0014). A new
        // field fails this test until Unbind resets it and it is added here.
        var fields = typeof(KeystoneDbContext)
            .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly)
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["clock", "currentActor"], fields);
    }

    [Theory, AllDatabases]
    public async Task Interleaved_requests_of_two_users_each_see_only_their_own_accounts(DatabaseKind db)
    {
        var (host, alice, bob, aliceAccount, bobAccount) = await TwoOwnersAsync(db);
        using var asAlice = host.ClientFor(alice);
        using var asBob = host.ClientFor(bob);

        // Many requests at once, so that contexts go back and forth between the two users' requests.
        var calls = Enumerable.Range(0, 40).Select(async i =>
        {
            var (client, own, other) = i % 2 == 0 ? (asAlice, aliceAccount.Id, bobAccount.Id) : (asBob, bobAccount.Id, aliceAccount.Id);
            await client.GetAsync($"/api/v1/accounts/{own}").ExpectAsync(HttpStatusCode.OK);
            using var foreign = await client.GetAsync($"/api/v1/accounts/{other}");
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        });
        await Task.WhenAll(calls);
    }

    [Theory, AllDatabases]
    public async Task A_context_made_for_one_actor_forgets_it_when_disposed(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var options = host.Services.GetRequiredService<DbContextOptions<KeystoneDbContext>>();

        var context = KeystoneDbContext.Create(options, new CurrentActor(Actor.System), TimeProvider.System);
        Assert.True(context.IsBound);
        Assert.True(context.Actor.SeesAll);
        await context.DisposeAsync();

        Assert.False(context.IsBound);
        Assert.Throws<InvalidOperationException>(() => context.Actor);
    }

    /// <summary>Two KAMs, each owning one account the other may not see.</summary>
    private async Task<(KeystoneHost Host, TestUser Alice, TestUser Bob, AccountDetails AliceAccount, AccountDetails BobAccount)> TwoOwnersAsync(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var alice = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var bob = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        return (host, alice, bob, await host.CreateAccountAsync(alice), await host.CreateAccountAsync(bob));
    }

    private static Task<Actor> ActorOfAsync(KeystoneHost host, Guid userId) =>
        host.AsSystemAsync(async (db, _) => await ActorLoader.LoadAsync(db, userId) ?? throw new InvalidOperationException("No such user."));
}
