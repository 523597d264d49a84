using System.Net;
using System.Text.Json;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Contacts;

public sealed class ContactEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Contacts = "/api/v1/contacts";

    [Theory, AllDatabases]
    public async Task Create_answers_201_with_a_location_and_an_etag(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam, "Contactable");

        using var response = await client.PostJsonAsync(Contacts, new
        {
            accountId = account.Id,
            firstName = " Grace ",
            lastName = "Hopper",
            title = "CTO",
            email = "Grace.Hopper@Example.com",
            phone = "+1 (555) 010-0199",
        });
        var contact = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/contacts/{contact.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal("Grace", contact.Str("firstName"));
        Assert.Equal("grace.hopper@example.com", contact.Str("email"));
        Assert.Equal(account.Id, contact.GetProperty("account").Id());
        Assert.Equal(kam.Id, contact.GetProperty("createdBy").Id());
        Assert.True(contact.GetProperty("canEdit").GetBoolean());
        var fetched = await client.GetAsync(response.Headers.Location).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Hopper", fetched.Str("lastName"));
        var parent = await client.GetAsync($"/api/v1/accounts/{account.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, parent.GetProperty("contactCount").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task Invalid_fields_are_400_with_an_error_for_each_field(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);

        var problem = await client.PostJsonAsync(Contacts, new { firstName = "", lastName = (string?)null, email = "grace@", phone = "call me" })
            .ExpectFieldErrorsAsync("accountId", "firstName", "lastName", "email", "phone");

        Assert.Contains("grace@", problem.ErrorsOf("email")[0], StringComparison.Ordinal);
        Assert.Contains("call me", problem.ErrorsOf("phone")[0], StringComparison.Ordinal);
        await client.PostJsonAsync(Contacts, new { accountId = Guid.NewGuid(), firstName = "A", lastName = "B" }).ExpectFieldErrorsAsync("accountId");
        await client.PostJsonAsync(Contacts, new { accountId = Guid.NewGuid(), firstName = "A", lastName = "B", fullName = "A B" }).ExpectFieldErrorsAsync("fullName");
    }

    [Theory, AllDatabases]
    public async Task A_merge_patch_sets_clears_and_leaves_fields_and_checks_the_version(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var id = await CreateAsync(client, new { accountId = account.Id, firstName = "Alan", lastName = "Turing", title = "Researcher", phone = "+44 20 7946 0000" });

        using var patched = await client.PatchRawAsync($"{Contacts}/{id}", """{"title": null, "email": "alan@example.com"}""", "\"1\"");
        var contact = await patched.ExpectAsync(HttpStatusCode.OK);
        await client.PatchJsonAsync($"{Contacts}/{id}", new { lastName = "Stale" }, "\"1\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.PatchJsonAsync($"{Contacts}/{id}", new { lastName = "Unguarded" }, null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await client.PatchJsonAsync($"{Contacts}/{id}", new { version = 3 }, "\"2\"").ExpectFieldErrorsAsync("version");

        Assert.Equal("\"2\"", patched.ETag());
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("title").ValueKind);
        Assert.Equal("alan@example.com", contact.Str("email"));
        Assert.Equal("+44 20 7946 0000", contact.Str("phone"));
        var current = await client.GetAsync($"{Contacts}/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Turing", current.Str("lastName"));
        Assert.Equal(2, current.GetProperty("version").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task A_contact_reports_to_someone_at_the_same_account_without_loops(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var elsewhere = await host.CreateAccountAsync(kam);
        var ceo = await CreateAsync(client, new { accountId = account.Id, firstName = "Chief", lastName = "Executive" });
        var cfo = await CreateAsync(client, new { accountId = account.Id, firstName = "Chief", lastName = "Finance", reportsToId = ceo });
        var clerk = await CreateAsync(client, new { accountId = account.Id, firstName = "Ledger", lastName = "Clerk", reportsToId = cfo });
        var outsider = await CreateAsync(client, new { accountId = elsewhere.Id, firstName = "Other", lastName = "Firm" });

        await client.PatchJsonAsync($"{Contacts}/{ceo}", new { reportsToId = clerk }, "\"1\"").ExpectFieldErrorsAsync("reportsToId");
        await client.PatchJsonAsync($"{Contacts}/{ceo}", new { reportsToId = ceo }, "\"1\"").ExpectFieldErrorsAsync("reportsToId");
        await client.PatchJsonAsync($"{Contacts}/{ceo}", new { reportsToId = outsider }, "\"1\"").ExpectFieldErrorsAsync("reportsToId");

        var boss = await client.GetAsync($"{Contacts}/{ceo}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, boss.GetProperty("reportsTo").ValueKind);
        Assert.Equal([cfo], boss.GetProperty("directReports").EnumerateArray().Select(c => c.Id()));
        var finance = await client.GetAsync($"{Contacts}/{cfo}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(ceo, finance.GetProperty("reportsTo").Id());
    }

    [Theory, AllDatabases]
    public async Task Deleting_a_manager_keeps_their_reports_reporting_to_no_one(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var manager = await CreateAsync(client, new { accountId = account.Id, firstName = "Leaving", lastName = "Manager" });
        var report = await CreateAsync(client, new { accountId = account.Id, firstName = "Staying", lastName = "Report", reportsToId = manager });

        await client.DeleteAsync($"{Contacts}/{manager}", "\"2\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.DeleteAsync($"{Contacts}/{manager}", "\"1\"").ExpectAsync(HttpStatusCode.NoContent);

        await client.GetAsync($"{Contacts}/{manager}").ExpectProblemAsync(HttpStatusCode.NotFound);
        var remaining = await client.GetAsync($"{Contacts}/{report}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, remaining.GetProperty("reportsTo").ValueKind);
    }

    [Theory, AllDatabases]
    public async Task Moving_a_contact_to_another_account_drops_a_manager_left_behind(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var from = await host.CreateAccountAsync(kam);
        var to = await host.CreateAccountAsync(kam);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var foreign = await host.CreateAccountAsync(stranger);
        var manager = await CreateAsync(client, new { accountId = from.Id, firstName = "Old", lastName = "Boss" });
        var mover = await CreateAsync(client, new { accountId = from.Id, firstName = "Moving", lastName = "On", reportsToId = manager });

        await client.PatchJsonAsync($"{Contacts}/{mover}", new { accountId = foreign.Id }, "\"1\"").ExpectFieldErrorsAsync("accountId");
        var moved = await client.PatchJsonAsync($"{Contacts}/{mover}", new { accountId = to.Id }, "\"1\"").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(to.Id, moved.GetProperty("account").Id());
        Assert.Equal(JsonValueKind.Null, moved.GetProperty("reportsTo").ValueKind);
    }

    [Theory, AllDatabases]
    public async Task The_list_searches_filters_by_account_and_pages_in_order(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var other = await host.CreateAccountAsync(kam);
        var tag = $"ct{Guid.NewGuid():N}"[..14];
        var ids = new List<Guid>();
        foreach (var last in new[] { "delta", "alpha", "echo", "charlie", "bravo" })
        {
            ids.Add(await CreateAsync(client, new { accountId = account.Id, firstName = tag, lastName = last, email = $"{last}@{tag}.example.com" }));
        }
        var elsewhere = await CreateAsync(client, new { accountId = other.Id, firstName = tag, lastName = "foxtrot", title = "Buyer" });

        var walked = new List<string>();
        string? token = null;
        do
        {
            var page = await client.GetAsync($"{Contacts}?accountId={account.Id}&sort=-lastName&pageSize=2{(token is null ? "" : "&pageToken=" + token)}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(5, page.GetProperty("total").GetInt32());
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.Str("lastName")!));
            token = page.GetProperty("nextPageToken").GetString();
        }
        while (token is not null && walked.Count <= 5);

        Assert.Equal(["echo", "delta", "charlie", "bravo", "alpha"], walked);
        var byTitle = await client.GetAsync($"{Contacts}?q={tag}%20buyer").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([elsewhere], byTitle.GetProperty("items").EnumerateArray().Select(c => c.Id()));
        var byEmail = await client.GetAsync($"{Contacts}?q=charlie@{tag}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([ids[3]], byEmail.GetProperty("items").EnumerateArray().Select(c => c.Id()));
        await client.GetAsync($"{Contacts}?pageSize=500").ExpectFieldErrorsAsync("pageSize");
        await client.GetAsync($"{Contacts}?sort=phone").ExpectFieldErrorsAsync("sort");
        await client.GetAsync($"{Contacts}?sort=lastName&pageToken={token ?? "x"}").ExpectFieldErrorsAsync("pageToken");
    }

    [Theory, AllDatabases]
    public async Task A_contributor_on_the_team_keeps_the_people_but_not_the_account(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var contributor = await host.CreateUserAsync(KeystoneRole.Contributor);
        var account = await host.CreateAccountAsync(kam, "Shared", team: [contributor]);
        using var client = host.ClientFor(contributor);

        var contact = await client.PostJsonAsync(Contacts, new { accountId = account.Id, firstName = "Added", lastName = "ByContributor" }).ExpectAsync(HttpStatusCode.Created);
        await client.PatchJsonAsync($"/api/v1/accounts/{account.Id}", new { name = "Renamed" }, "\"1\"").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.PostJsonAsync("/api/v1/accounts", new { name = "Own account" }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.PatchJsonAsync($"{Contacts}/{contact.Id()}", new { title = "Buyer" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(contributor.Id, contact.GetProperty("createdBy").Id());
        var unchanged = await client.GetAsync($"/api/v1/accounts/{account.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Shared", unchanged.Str("name"));
        Assert.False(unchanged.GetProperty("canEdit").GetBoolean());
    }

    private async Task<(KeystoneHost Host, TestUser Kam, HttpClient Client)> KamAsync(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        return (host, kam, host.ClientFor(kam));
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object body) =>
        (await client.PostJsonAsync(Contacts, body).ExpectAsync(HttpStatusCode.Created)).Id();
}
