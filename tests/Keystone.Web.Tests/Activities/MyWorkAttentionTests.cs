using System.Net;
using System.Text.Json;
using Keystone.Core.Activities;
using Keystone.Core.Contacts;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Keystone.Web.Tests.Tokens;

namespace Keystone.Web.Tests.Activities;

/// <summary>My work's relationships going cold and quiet accounts, on a clock that stands still.</summary>
public sealed class MyWorkAttentionTests(FakeClockFixture fixture) : IClassFixture<FakeClockFixture>
{
    [Theory, AllDatabases]
    public async Task My_work_lists_my_cold_relationships_and_quiet_accounts_and_nobody_elses(DatabaseKind db)
    {
        var (host, clock) = await fixture.HostWithClockAsync(db);
        var now = clock.GetUtcNow();
        var me = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var colleague = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var busy = await host.CreateAccountAsync(me, name: $"Busy {Guid.NewGuid():N}"[..20]);
        var fading = await host.CreateAccountAsync(me, name: $"Fading {Guid.NewGuid():N}"[..20]);
        var silent = await host.CreateAccountAsync(me, name: $"Silent {Guid.NewGuid():N}"[..20]);
        var theirs = await host.CreateAccountAsync(colleague, name: $"Theirs {Guid.NewGuid():N}"[..20]);

        var neverMet = new Contact { AccountId = busy.Id, FirstName = "Nora", LastName = "Never", Influence = 5, RelationshipOwnerId = me.Id };
        var longAgo = new Contact { AccountId = busy.Id, FirstName = "Lena", LastName = "Longago", Influence = 5, RelationshipOwnerId = me.Id };
        var minor = new Contact { AccountId = busy.Id, FirstName = "Max", LastName = "Minor", Influence = 2, RelationshipOwnerId = me.Id };
        var recent = new Contact { AccountId = busy.Id, FirstName = "Rita", LastName = "Recent", Influence = 5, RelationshipOwnerId = me.Id };
        var colleagues = new Contact { AccountId = busy.Id, FirstName = "Otto", LastName = "Other", Influence = 5, RelationshipOwnerId = colleague.Id };
        var theirContact = new Contact { AccountId = theirs.Id, FirstName = "Theo", LastName = "Theirs", RelationshipOwnerId = colleague.Id };
        await host.AsSystemAsync(async data =>
        {
            data.Contacts.AddRange(neverMet, longAgo, minor, recent, colleagues, theirContact);
            await data.SaveChangesAsync();
            data.Activities.AddRange(
                Logged(busy.Id, me.Id, ActivityStatus.Completed, now.AddDays(-10), recent),
                Logged(busy.Id, me.Id, ActivityStatus.Completed, now.AddDays(-90), longAgo),
                Logged(busy.Id, me.Id, ActivityStatus.Completed, now.AddDays(-200), minor),
                // Planned and cancelled activities are no contact, and keep no account busy.
                Logged(busy.Id, me.Id, ActivityStatus.Planned, now.AddDays(1), minor, neverMet),
                Logged(busy.Id, me.Id, ActivityStatus.Cancelled, now.AddDays(-1), longAgo),
                Logged(fading.Id, me.Id, ActivityStatus.Completed, now.AddDays(-45)),
                Logged(fading.Id, me.Id, ActivityStatus.Planned, now.AddDays(-2)));
            await data.SaveChangesAsync();
        });

        var work = await host.ClientFor(me).GetAsync("/api/v1/me/work").ExpectAsync(HttpStatusCode.OK);
        var others = await host.ClientFor(colleague).GetAsync("/api/v1/me/work").ExpectAsync(HttpStatusCode.OK);

        // The most influential first, then the longest silent; never counts as longest.
        var cold = work.GetProperty("goingCold");
        Assert.Equal(60, cold.GetProperty("coldAfterDays").GetInt32());
        Assert.Equal(3, cold.GetProperty("total").GetInt32());
        var people = cold.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([neverMet.Id, longAgo.Id, minor.Id], people.Select(p => p.GetProperty("contactId").GetGuid()));
        Assert.Equal(JsonValueKind.Null, people[0].GetProperty("daysSinceLastContact").ValueKind);
        Assert.Equal(90, people[1].GetProperty("daysSinceLastContact").GetInt32());
        Assert.Equal(200, people[2].GetProperty("daysSinceLastContact").GetInt32());
        Assert.Equal(busy.Name, people[1].Str("accountName"));

        // Quietest first; an account with a recent completed activity is not quiet.
        var quiet = work.GetProperty("quietAccounts");
        Assert.Equal(30, quiet.GetProperty("quietAfterDays").GetInt32());
        Assert.Equal(2, quiet.GetProperty("total").GetInt32());
        var accounts = quiet.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([silent.Id, fading.Id], accounts.Select(a => a.GetProperty("accountId").GetGuid()));
        Assert.Equal(JsonValueKind.Null, accounts[0].GetProperty("daysSinceLastActivity").ValueKind);
        Assert.Equal(45, accounts[1].GetProperty("daysSinceLastActivity").GetInt32());

        // The colleague's own relationship and account are theirs alone; the person they own at my account
        // stays off their list as long as they cannot see the account.
        Assert.Equal([theirContact.Id], others.GetProperty("goingCold").GetProperty("items").EnumerateArray().Select(p => p.GetProperty("contactId").GetGuid()));
        Assert.Equal([theirs.Id], others.GetProperty("quietAccounts").GetProperty("items").EnumerateArray().Select(a => a.GetProperty("accountId").GetGuid()));

        // A month on, the recently met person and the busy account have gone cold and quiet too.
        clock.Advance(TimeSpan.FromDays(51));
        var later = await host.ClientFor(me).GetAsync("/api/v1/me/work").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(recent.Id, later.GetProperty("goingCold").GetProperty("items").EnumerateArray().Select(p => p.GetProperty("contactId").GetGuid()));
        Assert.Contains(busy.Id, later.GetProperty("quietAccounts").GetProperty("items").EnumerateArray().Select(a => a.GetProperty("accountId").GetGuid()));
    }

    private static Activity Logged(Guid accountId, Guid ownerId, ActivityStatus status, DateTimeOffset startsAt, params Contact[] contacts) => new()
    {
        AccountId = accountId,
        Type = ActivityType.Call,
        Status = status,
        StartsAt = startsAt,
        DurationMinutes = 30,
        Subject = "Catch up",
        OwnerId = ownerId,
        Contacts = [.. contacts.Select(c => new ActivityContact { AccountId = accountId, ContactId = c.Id })],
    };
}
