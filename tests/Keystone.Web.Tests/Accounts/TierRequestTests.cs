using System.Net;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Accounts;

/// <summary>Promotion and demotion of accounts: a KAM asks with a reason, the head of KAM decides.</summary>
public sealed class TierRequestTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Accounts = "/api/v1/accounts";
    private const string Requests = "/api/v1/tier-requests";

    private async Task<(KeystoneHost Host, TestUser Kam, TestUser Head, Guid AccountId)> SetUpAsync(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var account = await host.CreateAccountAsync(kam);
        return (host, kam, head, account.Id);
    }

    [Theory, AllDatabases]
    public async Task A_kam_asks_for_a_promotion_and_the_head_of_kam_approves_it_which_changes_the_tier(DatabaseKind db)
    {
        var (host, kam, head, accountId) = await SetUpAsync(db);
        using var kamClient = host.ClientFor(kam);
        using var headClient = host.ClientFor(head);

        using var created = await kamClient.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "key", reason = "Doubled volume this year." });
        var request = await created.ExpectAsync(HttpStatusCode.Created);
        var id = request.Id();
        Assert.Equal($"/api/v1/tier-requests/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("standard", "key", "promotion", "pending"), (request.Str("fromTier"), request.Str("toTier"), request.Str("direction"), request.Str("status")));
        Assert.Equal(kam.Id, request.GetProperty("requestedBy").Id());
        Assert.True(request.GetProperty("canWithdraw").GetBoolean());
        Assert.False(request.GetProperty("canDecide").GetBoolean());

        var queue = await headClient.GetAsync($"{Requests}?status=pending&accountId={accountId}").ExpectAsync(HttpStatusCode.OK);
        var pending = Assert.Single(queue.GetProperty("items").EnumerateArray());
        Assert.True(pending.GetProperty("canDecide").GetBoolean());

        var approved = await headClient.PostJsonAsync($"{Requests}/{id}/approve", new { note = "Agreed." }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("approved", approved.Str("status"));
        Assert.Equal(head.Id, approved.GetProperty("decidedBy").Id());
        Assert.Equal("Agreed.", approved.Str("decisionNote"));

        using var read = await kamClient.GetAsync($"{Accounts}/{accountId}");
        var account = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("key", account.Str("tier"));
        Assert.Equal("\"2\"", read.ETag());
        Assert.Equal(head.Id, account.GetProperty("updatedBy").Id());

        var history = await kamClient.GetAsync($"{Accounts}/{accountId}/history").ExpectAsync(HttpStatusCode.OK);
        var change = history.GetProperty("items")[0].GetProperty("changes").EnumerateArray().Single(c => c.Str("field") == "tier");
        Assert.Equal(("standard", "key"), (change.Str("old"), change.Str("new")));

        var log = await kamClient.GetAsync($"{Requests}?accountId={accountId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("approved", Assert.Single(log.GetProperty("items").EnumerateArray()).Str("status"));
        Assert.Equal(0, (await headClient.GetAsync($"{Requests}?status=pending&accountId={accountId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("total").GetInt32());
    }

    [Theory]
    [AllDatabases(KeystoneRole.SeniorKam)]
    [AllDatabases(KeystoneRole.JuniorKam)]
    [AllDatabases(KeystoneRole.Contributor)]
    [AllDatabases(KeystoneRole.Viewer)]
    public async Task Only_the_head_of_kam_and_administrators_decide(DatabaseKind db, KeystoneRole role)
    {
        var (host, kam, _, accountId) = await SetUpAsync(db);
        var requestId = (await host.ClientFor(kam).PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "managed", reason = "Growing." })
            .ExpectAsync(HttpStatusCode.Created)).Id();
        // Even the requester's own manager may not approve: tiers are the head of KAM's call.
        var other = role == KeystoneRole.SeniorKam ? kam : await host.CreateUserAsync(role);
        using var client = host.ClientFor(other);

        var answer = role is KeystoneRole.SeniorKam or KeystoneRole.Viewer ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
        await client.PostJsonAsync($"{Requests}/{requestId}/approve", new { }).ExpectProblemAsync(answer);
        await client.PostJsonAsync($"{Requests}/{requestId}/refuse", new { note = "No." }).ExpectProblemAsync(answer);

        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        var approved = await host.ClientFor(admin).PostAsync($"{Requests}/{requestId}/approve", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("approved", approved.Str("status"));
    }

    [Theory, AllDatabases]
    public async Task A_second_pending_request_for_the_same_account_is_409_until_the_first_is_withdrawn(DatabaseKind db)
    {
        var (host, kam, head, accountId) = await SetUpAsync(db);
        using var client = host.ClientFor(kam);
        var first = (await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "key", reason = "First." })
            .ExpectAsync(HttpStatusCode.Created)).Id();

        var problem = await host.ClientFor(head).PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "managed", reason = "Second." })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("pending", problem.Str("detail"), StringComparison.Ordinal);

        await host.ClientFor(head).PostAsync($"{Requests}/{first}/withdraw", null).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var withdrawn = await client.PostAsync($"{Requests}/{first}/withdraw", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.Str("status"));
        await host.ClientFor(head).PostAsync($"{Requests}/{first}/approve", null).ExpectProblemAsync(HttpStatusCode.Conflict);

        await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "managed", reason = "Second." }).ExpectAsync(HttpStatusCode.Created);
        var account = await client.GetAsync($"{Accounts}/{accountId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("standard", account.Str("tier"));
    }

    [Theory, AllDatabases]
    public async Task Two_requests_at_once_give_one_pending_request_and_one_409(DatabaseKind db)
    {
        var (host, kam, _, accountId) = await SetUpAsync(db);
        using var client = host.ClientFor(kam);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            using var response = await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "key", reason = $"Race {i}." });
            return response.StatusCode;
        }));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Order());
        var count = await host.AsSystemAsync((ctx, _) => ctx.TierRequests.CountAsync(r => r.AccountId == accountId));
        Assert.Equal(1, count);
    }

    [Theory, AllDatabases]
    public async Task A_decision_on_a_stale_etag_is_412_and_changes_nothing(DatabaseKind db)
    {
        var (host, kam, head, accountId) = await SetUpAsync(db);
        var id = (await host.ClientFor(kam).PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "strategic", reason = "Huge." })
            .ExpectAsync(HttpStatusCode.Created)).Id();
        using var headClient = host.ClientFor(head);

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"{Requests}/{id}/approve");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var problem = await (await headClient.SendAsync(stale)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("standard", (await headClient.GetAsync($"{Accounts}/{accountId}").ExpectAsync(HttpStatusCode.OK)).Str("tier"));

        using var current = new HttpRequestMessage(HttpMethod.Post, $"{Requests}/{id}/refuse")
        {
            Content = new StringContent("""{"note":"Not yet: one good year is not a trend."}""", System.Text.Encoding.UTF8, "application/json"),
        };
        current.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var refused = await headClient.SendAsync(current);
        Assert.Equal("refused", (await refused.ExpectAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("\"2\"", refused.ETag());
        Assert.Equal("standard", (await headClient.GetAsync($"{Accounts}/{accountId}").ExpectAsync(HttpStatusCode.OK)).Str("tier"));
    }

    [Theory, AllDatabases]
    public async Task Bad_requests_name_the_field(DatabaseKind db)
    {
        var (host, kam, head, accountId) = await SetUpAsync(db);
        using var client = host.ClientFor(kam);

        await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "gold", reason = "" }).ExpectFieldErrorsAsync("tier", "reason");
        await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "standard", reason = "Same." }).ExpectFieldErrorsAsync("tier");
        await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "key", reason = "Ok.", status = "approved" }).ExpectFieldErrorsAsync("status");

        var id = (await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "key", reason = "Ok." }).ExpectAsync(HttpStatusCode.Created)).Id();
        await host.ClientFor(head).PostJsonAsync($"{Requests}/{id}/refuse", new { }).ExpectFieldErrorsAsync("note");
        await client.GetAsync($"{Requests}?status=open").ExpectFieldErrorsAsync("status");
    }

    [Theory, AllDatabases]
    public async Task A_stranger_neither_sees_nor_asks_for_tier_changes_of_accounts_out_of_sight(DatabaseKind db)
    {
        var (host, kam, _, accountId) = await SetUpAsync(db);
        var id = (await host.ClientFor(kam).PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "key", reason = "Ok." })
            .ExpectAsync(HttpStatusCode.Created)).Id();
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var client = host.ClientFor(stranger);

        await client.GetAsync($"{Requests}/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        var list = await client.GetAsync($"{Requests}?accountId={accountId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        await client.PostJsonAsync($"{Accounts}/{accountId}/tier-requests", new { tier = "key", reason = "Mine now." }).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task Only_the_head_of_kam_sets_a_tier_directly_others_get_a_400_pointing_to_tier_requests(DatabaseKind db)
    {
        var (host, kam, head, accountId) = await SetUpAsync(db);
        using var client = host.ClientFor(kam);

        var problem = await client.PatchJsonAsync($"{Accounts}/{accountId}", new { tier = "strategic", industry = "Steel" }, "\"1\"").ExpectFieldErrorsAsync("tier");
        Assert.Contains("tier request", problem.ErrorsOf("tier")[0], StringComparison.Ordinal);
        // The same tier, as a form that sends every field does, is no change.
        await client.PatchJsonAsync($"{Accounts}/{accountId}", new { tier = "standard", industry = "Steel" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        await client.PostJsonAsync(Accounts, new { name = "Born strategic", tier = "strategic" }).ExpectFieldErrorsAsync("tier");

        var changed = await host.ClientFor(head).PatchJsonAsync($"{Accounts}/{accountId}", new { tier = "strategic" }, "\"2\"").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("strategic", changed.Str("tier"));
    }
}
