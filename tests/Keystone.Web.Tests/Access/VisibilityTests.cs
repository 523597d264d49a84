using System.Net;
using System.Text.Json;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Access;

/// <summary>Lists and their totals show a restricted user their portfolio and nothing else.</summary>
public sealed class VisibilityTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    public static TheoryData<DatabaseKind, KeystoneRole> EveryRoleOnEveryDatabase()
    {
        var data = new TheoryData<DatabaseKind, KeystoneRole>();
        foreach (var db in Enum.GetValues<DatabaseKind>())
        {
            foreach (var role in KeystoneRoles.All)
            {
                data.Add(db, role);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(EveryRoleOnEveryDatabase))]
    public async Task Lists_and_totals_hold_exactly_the_accounts_and_contacts_one_may_see(DatabaseKind db, KeystoneRole role)
    {
        var host = await fixture.HostAsync(db);
        var tag = $"vis{Guid.NewGuid():N}"[..15];
        var caller = await host.CreateUserAsync(role);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var mine = new List<AccountDetails>();
        if (role.CanOwnAccounts())
        {
            var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: caller);
            mine.Add(await host.CreateAccountAsync(caller, $"{tag} own one"));
            mine.Add(await host.CreateAccountAsync(caller, $"{tag} own two"));
            mine.Add(await host.CreateAccountAsync(junior, $"{tag} of my junior"));
            // On the junior's team: visible to the junior's manager too.
            mine.Add(await host.CreateAccountAsync(stranger, $"{tag} junior on team", team: [junior]));
        }
        mine.Add(await host.CreateAccountAsync(stranger, $"{tag} on my team", team: [caller]));
        var foreign = new[]
        {
            await host.CreateAccountAsync(stranger, $"{tag} foreign one"),
            await host.CreateAccountAsync(stranger, $"{tag} foreign two"),
            await host.CreateAccountAsync(stranger, $"{tag} foreign three"),
        };
        foreach (var account in mine.Concat(foreign))
        {
            await host.CreateContactAsync(account.Id, $"{tag} person");
        }
        using var client = host.ClientFor(caller);
        var seesAll = role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam or KeystoneRole.Viewer;
        var (allAccounts, allContacts) = await host.AsSystemAsync(async (context, _) => (await context.Accounts.CountAsync(), await context.Contacts.CountAsync()));
        var expected = (seesAll ? mine.Concat(foreign) : mine).Select(a => a.Id).ToHashSet();

        var everything = await client.GetAsync("/api/v1/accounts?pageSize=200").ExpectAsync(HttpStatusCode.OK);
        var tagged = await client.GetAsync($"/api/v1/accounts?q={tag}&pageSize=200").ExpectAsync(HttpStatusCode.OK);
        var contacts = await client.GetAsync("/api/v1/contacts?pageSize=200").ExpectAsync(HttpStatusCode.OK);
        var taggedContacts = await client.GetAsync($"/api/v1/contacts?q={tag}&pageSize=200").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(seesAll ? allAccounts : expected.Count, Total(everything));
        Assert.Equal(expected.Count, Total(tagged));
        Assert.Equal(expected.Order(), Ids(tagged).Order());
        Assert.Equal(seesAll ? allContacts : expected.Count, Total(contacts));
        Assert.Equal(expected.Count, Total(taggedContacts));
        Assert.Equal(expected.Order(), taggedContacts.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("accountId").GetGuid()).Order());
        if (!seesAll)
        {
            Assert.Equal(expected.Order(), Ids(everything).Order());
        }
    }

    [Theory]
    [AllDatabases(KeystoneRole.JuniorKam)]
    [AllDatabases(KeystoneRole.Contributor)]
    public async Task Filters_and_paging_never_reach_a_foreign_account(DatabaseKind db, KeystoneRole role)
    {
        var host = await fixture.HostAsync(db);
        var tag = $"vis{Guid.NewGuid():N}"[..15];
        var caller = await host.CreateUserAsync(role);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var team = await host.CreateAccountAsync(stranger, $"{tag} team", team: [caller]);
        var foreign = await host.CreateAccountAsync(stranger, $"{tag} foreign", more: new AccountInput { Country = "DE", Tier = "key" });
        await host.CreateContactAsync(foreign.Id, $"{tag} foreign person");
        using var client = host.ClientFor(caller);

        var byOwner = await client.GetAsync($"/api/v1/accounts?ownerId={stranger.Id}").ExpectAsync(HttpStatusCode.OK);
        var byCountry = await client.GetAsync($"/api/v1/accounts?country=DE&tier=key&q={tag}").ExpectAsync(HttpStatusCode.OK);
        var byName = await client.GetAsync($"/api/v1/accounts?q={tag}%20foreign").ExpectAsync(HttpStatusCode.OK);
        var contactsOfForeign = await client.GetAsync($"/api/v1/contacts?accountId={foreign.Id}").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([team.Id], Ids(byOwner));
        Assert.Equal(1, Total(byOwner));
        Assert.Equal(0, Total(byCountry));
        Assert.Equal(0, Total(byName));
        Assert.Equal(0, Total(contactsOfForeign));
        Assert.Empty(contactsOfForeign.GetProperty("items").EnumerateArray());

        // Walking the whole list a row at a time meets the team account and nothing else.
        var seen = new List<Guid>();
        string? token = null;
        do
        {
            var page = await client.GetAsync($"/api/v1/accounts?pageSize=1{(token is null ? "" : "&pageToken=" + token)}").ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(Ids(page));
            token = page.GetProperty("nextPageToken").GetString();
        }
        while (token is not null && seen.Count < 10);
        Assert.Equal([team.Id], seen);
    }

    [Theory, AllDatabases]
    public async Task An_account_shows_only_the_relatives_one_may_see(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var foreignParent = await host.CreateAccountAsync(stranger, "Foreign group");
        var mine = await host.CreateAccountAsync(junior, "My subsidiary", more: new AccountInput { ParentAccountId = foreignParent.Id });
        var foreignSibling = await host.CreateAccountAsync(stranger, "Foreign subsidiary", more: new AccountInput { ParentAccountId = mine.Id });
        var visibleChild = await host.CreateAccountAsync(junior, "My own subsidiary", more: new AccountInput { ParentAccountId = mine.Id });
        using var client = host.ClientFor(junior);

        var account = await client.GetAsync($"/api/v1/accounts/{mine.Id}").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, account.GetProperty("parent").ValueKind);
        Assert.Equal([visibleChild.Id], account.GetProperty("subsidiaries").EnumerateArray().Select(a => a.Id()));
        Assert.DoesNotContain(foreignSibling.Id.ToString(), account.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    private static int Total(JsonElement page) => page.GetProperty("total").GetInt32();

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(a => a.Id())];
}
