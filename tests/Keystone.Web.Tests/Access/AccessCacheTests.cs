using System.Net;
using Keystone.Core.Access;
using Keystone.Core.Tokens;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Keystone.Web.Tests.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Access;

/// <summary>
/// API requests take tokens and actors from a short-lived cache (ADR 0013). A change saved through this
/// server applies to the next request; a change saved elsewhere (another web server, the CLI, here a
/// bulk update that no interceptor sees) applies within <see cref="AccessCache.Lifetime"/>.
/// </summary>
public sealed class AccessCacheTests(FakeClockFixture fixture) : IClassFixture<FakeClockFixture>
{
    [Theory, AllDatabases]
    public async Task A_token_revoked_by_another_server_stops_working_within_the_cache_lifetime(DatabaseKind db)
    {
        var (host, clock) = await fixture.HostWithClockAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var client = host.ClientFor(user);
        await client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        var hash = ApiToken.HashSecret(user.Token);
        var now = clock.GetUtcNow();
        await host.AsSystemAsync(d => d.ApiTokens.Where(t => t.Hash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now)));

        // Still served from this server's cache for at most the lifetime...
        await client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        clock.Advance(AccessCache.Lifetime);
        // ...then refused, on every route.
        await client.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await client.GetAsync("/api/v1/accounts").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, AllDatabases]
    public async Task A_user_deactivated_by_another_server_is_refused_within_the_cache_lifetime(DatabaseKind db)
    {
        var (host, clock) = await fixture.HostWithClockAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(user);
        await client.GetAsync("/api/v1/accounts").ExpectAsync(HttpStatusCode.OK);

        await host.AsSystemAsync(d => d.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        clock.Advance(AccessCache.Lifetime);

        await client.GetAsync("/api/v1/accounts").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await client.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, AllDatabases]
    public async Task A_manager_change_on_this_server_moves_the_accounts_at_once(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        var before = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var after = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: before);
        var account = await host.CreateAccountAsync(junior);
        using var adminClient = host.ClientFor(admin);
        using var beforeClient = host.ClientFor(before);
        using var afterClient = host.ClientFor(after);
        await beforeClient.GetAsync($"/api/v1/accounts/{account.Id}").ExpectAsync(HttpStatusCode.OK);
        await afterClient.GetAsync($"/api/v1/accounts/{account.Id}").ExpectProblemAsync(HttpStatusCode.NotFound);

        await adminClient.PatchJsonAsync($"/api/v1/users/{junior.Id}", new { manager = after.Id.ToString() }, "*").ExpectAsync(HttpStatusCode.OK);

        await beforeClient.GetAsync($"/api/v1/accounts/{account.Id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        var list = await beforeClient.GetAsync("/api/v1/accounts?pageSize=200").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.Id() == account.Id);
        await afterClient.GetAsync($"/api/v1/accounts/{account.Id}").ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, AllDatabases]
    public async Task A_role_change_on_this_server_applies_to_the_next_request(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var account = await host.CreateAccountAsync(owner);
        using var adminClient = host.ClientFor(admin);
        using var headClient = host.ClientFor(head);
        await headClient.GetAsync($"/api/v1/accounts/{account.Id}").ExpectAsync(HttpStatusCode.OK);

        await adminClient.PatchJsonAsync($"/api/v1/users/{head.Id}", new { role = "junior-kam" }, "*").ExpectAsync(HttpStatusCode.OK);

        await headClient.GetAsync($"/api/v1/accounts/{account.Id}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task The_account_list_holds_owned_managed_and_team_accounts_and_nothing_else(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var tag = "Cache" + Guid.NewGuid().ToString("N")[..10];
        var own = await host.CreateAccountAsync(senior, $"{tag} own");
        var juniors = await host.CreateAccountAsync(junior, $"{tag} junior's");
        var onJuniorsTeam = await host.CreateAccountAsync(stranger, $"{tag} team", team: [junior]);
        var foreign = await host.CreateAccountAsync(stranger, $"{tag} foreign");
        using var client = host.ClientFor(senior);

        var page = await client.GetAsync($"/api/v1/accounts?q={tag}&sort=name&pageSize=50").ExpectAsync(HttpStatusCode.OK);

        var ids = page.GetProperty("items").EnumerateArray().Select(a => a.Id()).ToHashSet();
        Assert.Equal(new HashSet<Guid> { own.Id, juniors.Id, onJuniorsTeam.Id }, ids);
        Assert.DoesNotContain(foreign.Id, ids);
        Assert.Equal(3, page.GetProperty("total").GetInt32());
    }
}
