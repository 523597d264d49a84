using System.Net;
using System.Text.Json;
using Keystone.Core.Activities;
using Keystone.Core.Relationships;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Relationships;

public sealed class RelationshipEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Contacts = "/api/v1/contacts";

    [Theory, AllDatabases]
    public async Task Stakeholder_fields_round_trip_and_are_checked_field_by_field(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var colleague = await host.CreateUserAsync(KeystoneRole.Contributor);
        var leaver = await host.CreateUserAsync(KeystoneRole.Contributor);
        await host.AsSystemAsync(async d =>
        {
            (await d.Users.SingleAsync(u => u.Id == leaver.Id)).IsActive = false;
            await d.SaveChangesAsync();
        });

        var created = await client.PostJsonAsync(Contacts, new
        {
            accountId = account.Id,
            firstName = "Dana",
            lastName = "Decides",
            buyingRole = "economic-buyer",
            influence = 5,
            attitude = "supporter",
            relationshipOwnerId = colleague.Id,
            relationshipStrength = 2,
        }).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();

        Assert.Equal("economic-buyer", created.Str("buyingRole"));
        Assert.Equal(5, created.GetProperty("influence").GetInt32());
        Assert.Equal("supporter", created.Str("attitude"));
        Assert.Equal(colleague.Id, created.GetProperty("relationshipOwner").Id());
        Assert.Equal(2, created.GetProperty("relationshipStrength").GetInt32());

        var problem = await client.PatchJsonAsync($"{Contacts}/{id}", new
        {
            buyingRole = "king",
            influence = 6,
            attitude = "hostile",
            relationshipOwnerId = leaver.Id,
            relationshipStrength = 0,
        }, "\"1\"").ExpectFieldErrorsAsync("buyingRole", "influence", "attitude", "relationshipOwnerId", "relationshipStrength");
        Assert.Contains("1 to 5", problem.ErrorsOf("influence")[0], StringComparison.Ordinal);
        Assert.Contains("decision-maker", problem.ErrorsOf("buyingRole")[0], StringComparison.Ordinal);
        Assert.Contains("deactivated", problem.ErrorsOf("relationshipOwnerId")[0], StringComparison.Ordinal);
        await client.PatchJsonAsync($"{Contacts}/{id}", new { influence = "high" }, "\"1\"").ExpectFieldErrorsAsync("influence");

        var patched = await client.PatchRawAsync($"{Contacts}/{id}", """{"buyingRole": "Champion", "influence": null, "relationshipOwnerId": null}""", "\"1\"")
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("champion", patched.Str("buyingRole"));
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("influence").ValueKind);
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("relationshipOwner").ValueKind);
        Assert.Equal("supporter", patched.Str("attitude"));
        Assert.Equal(2, patched.GetProperty("relationshipStrength").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task The_map_is_the_org_chart_with_the_weak_spots_flagged(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var ceo = await CreateAsync(client, new { accountId = account.Id, firstName = "Chief", lastName = "Executive", buyingRole = "decision-maker", influence = 5 });
        var cfo = await CreateAsync(client, new { accountId = account.Id, firstName = "Chief", lastName = "Finance", reportsToId = ceo, buyingRole = "economic-buyer", relationshipOwnerId = kam.Id });
        var clerk = await CreateAsync(client, new { accountId = account.Id, firstName = "Ledger", lastName = "Clerk", reportsToId = cfo, attitude = "opponent" });
        var loner = await CreateAsync(client, new { accountId = account.Id, firstName = "Lone", lastName = "Wolf" });
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 10, contacts: [cfo], users: [kam.Id]);
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 3, contacts: [cfo], users: [kam.Id]);
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 90, contacts: [clerk], users: [kam.Id]);
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 1, contacts: [ceo], users: [kam.Id], status: ActivityStatus.Planned);

        var map = await client.GetAsync($"/api/v1/accounts/{account.Id}/relationship-map").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(60, map.GetProperty("coldAfterDays").GetInt32());
        var roots = map.GetProperty("roots").EnumerateArray().ToList();
        Assert.Equal([ceo, loner], roots.Select(r => r.Id()).Order());
        var top = roots.Single(r => r.Id() == ceo);
        var finance = top.GetProperty("reports").EnumerateArray().Single();
        Assert.Equal(cfo, finance.Id());
        var ledger = finance.GetProperty("reports").EnumerateArray().Single();
        Assert.Equal(clerk, ledger.Id());
        Assert.Equal("opponent", ledger.Str("attitude"));

        Assert.Equal("decision-maker", top.Str("buyingRole"));
        Assert.Contains(top.GetProperty("flags").EnumerateArray(), f => f.Str("code") == RelationshipMap.NoOwnerFlag
            && f.Str("message") == "Decision maker without an owner on our side");
        Assert.Equal(JsonValueKind.Null, top.GetProperty("daysSinceLastContact").ValueKind);
        Assert.Equal(3, finance.GetProperty("daysSinceLastContact").GetInt32());
        Assert.Equal(kam.Id, finance.GetProperty("relationshipOwner").Id());
        Assert.DoesNotContain(finance.GetProperty("flags").EnumerateArray(), f => f.Str("code") is RelationshipMap.NoOwnerFlag or RelationshipMap.ColdFlag);
        Assert.Equal(90, ledger.GetProperty("daysSinceLastContact").GetInt32());
        Assert.Contains(ledger.GetProperty("flags").EnumerateArray(), f => f.Str("code") == RelationshipMap.ColdFlag);

        var flags = map.GetProperty("flags").EnumerateArray().ToList();
        Assert.Contains(flags, f => f.Str("code") == RelationshipMap.NoChampionFlag);
        // Both recent activities were with the CFO and the KAM alone: single-threaded on both sides.
        Assert.Equal(2, flags.Count(f => f.Str("code") == RelationshipMap.SingleThreadedFlag));
        Assert.Contains(flags, f => f.Str("message")!.Contains("Chief Finance", StringComparison.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task A_champion_and_several_threads_clear_the_account_flags(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var colleague = await host.CreateUserAsync(KeystoneRole.Contributor);
        var account = await host.CreateAccountAsync(kam, team: [colleague]);
        var champion = await CreateAsync(client, new { accountId = account.Id, firstName = "Cham", lastName = "Pion", buyingRole = "champion" });
        var user = await CreateAsync(client, new { accountId = account.Id, firstName = "End", lastName = "User", buyingRole = "user" });
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 5, contacts: [champion], users: [kam.Id]);
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 4, contacts: [user], users: [colleague.Id]);

        var map = await client.GetAsync($"/api/v1/accounts/{account.Id}/relationship-map").ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(map.GetProperty("flags").EnumerateArray());
    }

    [Theory, AllDatabases]
    public async Task Who_knows_whom_counts_the_completed_activities_of_each_colleague(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var colleague = await host.CreateUserAsync(KeystoneRole.Contributor);
        var account = await host.CreateAccountAsync(kam, team: [colleague]);
        var buyer = await CreateAsync(client, new { accountId = account.Id, firstName = "Known", lastName = "Buyer" });
        var other = await CreateAsync(client, new { accountId = account.Id, firstName = "Other", lastName = "Person" });
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 30, contacts: [buyer], users: [kam.Id, colleague.Id]);
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 7, contacts: [buyer, other], users: [kam.Id]);
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 2, contacts: [other], users: [colleague.Id]);
        await CompletedActivityAsync(host, account.Id, kam.Id, daysAgo: 1, contacts: [buyer], users: [colleague.Id], status: ActivityStatus.Cancelled);

        var relationships = await client.GetAsync($"{Contacts}/{buyer}/relationships").ExpectAsync(HttpStatusCode.OK);

        var knownBy = relationships.GetProperty("knownBy").EnumerateArray().ToList();
        Assert.Equal([kam.Id, colleague.Id], knownBy.Select(k => k.GetProperty("user").Id()));
        Assert.Equal([2, 1], knownBy.Select(k => k.GetProperty("times").GetInt32()));
        Assert.Equal([7, 30], knownBy.Select(k => k.GetProperty("daysSinceLastMet").GetInt32()));
        Assert.Equal(account.Id, relationships.GetProperty("account").Id());
    }

    [Theory, AllDatabases]
    public async Task A_junior_cannot_see_the_map_or_relationships_of_a_foreign_account(DatabaseKind db)
    {
        var (host, _, client) = await KamAsync(db);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var foreign = await host.CreateAccountAsync(stranger);
        var contact = await host.CreateContactAsync(foreign.Id);

        await client.GetAsync($"/api/v1/accounts/{foreign.Id}/relationship-map").ExpectProblemAsync(HttpStatusCode.NotFound);
        await client.GetAsync($"{Contacts}/{contact.Id}/relationships").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<(KeystoneHost Host, TestUser Kam, HttpClient Client)> KamAsync(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        return (host, kam, host.ClientFor(kam));
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object body) =>
        (await client.PostJsonAsync(Contacts, body).ExpectAsync(HttpStatusCode.Created)).Id();

    // Hours short of whole days, so that the days counted stay the same while the test runs.
    private static Task CompletedActivityAsync(
        KeystoneHost host, Guid accountId, Guid ownerId, int daysAgo, Guid[] contacts, Guid[] users, ActivityStatus status = ActivityStatus.Completed) =>
        host.AsSystemAsync(async db =>
        {
            var activity = new Activity
            {
                AccountId = accountId,
                OwnerId = ownerId,
                Type = ActivityType.Meeting,
                Status = status,
                StartsAt = DateTimeOffset.UtcNow.AddDays(-daysAgo).AddHours(-1),
                DurationMinutes = 30,
                Subject = $"Met {daysAgo} days ago",
                Contacts = [.. contacts.Select(c => new ActivityContact { AccountId = accountId, ContactId = c })],
                Participants = [.. users.Select(u => new ActivityParticipant { AccountId = accountId, UserId = u })],
            };
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
        });
}
