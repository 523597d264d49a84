using System.Data.Common;
using System.Net;
using System.Text.Json;
using Keystone.Core.Audit;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Audit;

public sealed class HistoryTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task Account_history_lists_who_changed_which_field_from_what_to_what_newest_first(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        using var client = host.ClientFor(kam);
        using var headClient = host.ClientFor(head);
        var id = (await client.PostJsonAsync("/api/v1/accounts", new { name = "Original", country = "SE" }).ExpectAsync(HttpStatusCode.Created)).Id();
        await client.PatchJsonAsync($"/api/v1/accounts/{id}", new { name = "Renamed", industry = "Mining" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        await headClient.PatchJsonAsync($"/api/v1/accounts/{id}", new { country = (string?)null, tier = "strategic" }, "\"2\"").ExpectAsync(HttpStatusCode.OK);

        var history = await client.GetAsync($"/api/v1/accounts/{id}/history").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, history.GetProperty("total").GetInt32());
        var entries = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["updated", "updated", "created"], entries.Select(e => e.Str("action")));
        Assert.Equal([head.Id, kam.Id, kam.Id], entries.Select(e => e.GetProperty("user").Id()));
        Assert.Equal(head.DisplayName, entries[0].GetProperty("user").Str("displayName"));
        Assert.Equal([("country", "SE", null), ("tier", "standard", "strategic")], Changes(entries[0]));
        Assert.Equal([("industry", null, "Mining"), ("name", "Original", "Renamed")], Changes(entries[1]));
        Assert.Contains(("name", null, "Original"), Changes(entries[2]));
        Assert.Contains(("ownerId", null, kam.Id.ToString()), Changes(entries[2]));
        Assert.True(entries[0].GetProperty("at").GetDateTimeOffset() >= entries[1].GetProperty("at").GetDateTimeOffset());
    }

    [Theory, AllDatabases]
    public async Task A_change_of_team_or_external_ids_is_an_update_of_the_account(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var colleague = await host.CreateUserAsync(KeystoneRole.Contributor);
        using var client = host.ClientFor(kam);
        var id = (await client.PostJsonAsync("/api/v1/accounts", new { name = "Team history" }).ExpectAsync(HttpStatusCode.Created)).Id();
        var code = $"T-{Guid.NewGuid():N}";

        using var teamed = await client.PatchJsonAsync($"/api/v1/accounts/{id}", new { team = new[] { new { userId = colleague.Id, role = "Analyst" } } }, "\"1\"");
        await teamed.ExpectAsync(HttpStatusCode.OK);
        using var linked = await client.PatchJsonAsync($"/api/v1/accounts/{id}", new { externalIds = new[] { new { source = "erp", id = code } } }, teamed.ETag());
        var account = await linked.ExpectAsync(HttpStatusCode.OK);
        await client.PatchJsonAsync($"/api/v1/accounts/{id}", new { team = Array.Empty<object>() }, "\"1\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.Equal("\"2\"", teamed.ETag());
        Assert.Equal("\"3\"", linked.ETag());
        Assert.Equal(kam.Id, account.GetProperty("updatedBy").Id());
        var history = await client.GetAsync($"/api/v1/accounts/{id}/history").ExpectAsync(HttpStatusCode.OK);
        var entries = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["updated", "updated", "created"], entries.Select(e => e.Str("action")));
        Assert.Equal([($"externalIds[erp]", null, code)], Changes(entries[0]));
        Assert.Equal([($"team[{colleague.Id}]", null, "Analyst")], Changes(entries[1]));
    }

    [Theory, AllDatabases]
    public async Task A_patch_that_changes_nothing_leaves_version_and_history_alone(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(kam);
        var id = (await client.PostJsonAsync("/api/v1/accounts", new { name = "Steady", industry = "Rail" }).ExpectAsync(HttpStatusCode.Created)).Id();

        using var response = await client.PatchJsonAsync($"/api/v1/accounts/{id}", new { name = "Steady", industry = "Rail" }, "\"1\"");
        await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"1\"", response.ETag());
        var history = await client.GetAsync($"/api/v1/accounts/{id}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, history.GetProperty("total").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task Contact_history_follows_the_contact_and_pages_newest_first(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(kam);
        using var client = host.ClientFor(kam);
        var id = (await client.PostJsonAsync("/api/v1/contacts", new { accountId = account.Id, firstName = "Ann", lastName = "Lee" }).ExpectAsync(HttpStatusCode.Created)).Id();
        for (var version = 1; version <= 3; version++)
        {
            await client.PatchJsonAsync($"/api/v1/contacts/{id}", new { title = $"Title {version}" }, $"\"{version}\"").ExpectAsync(HttpStatusCode.OK);
        }

        var titles = new List<string?>();
        var actions = new List<string?>();
        string? token = null;
        do
        {
            var page = await client.GetAsync($"/api/v1/contacts/{id}/history?pageSize=1{(token is null ? "" : "&pageToken=" + token)}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(4, page.GetProperty("total").GetInt32());
            token = page.GetProperty("nextPageToken").GetString();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            // A full page may be followed by an empty last one; any other page holds one entry.
            Assert.Equal(token is null && actions.Count == 4 ? 0 : 1, items.Count);
            foreach (var entry in items)
            {
                actions.Add(entry.Str("action"));
                titles.Add(Changes(entry).FirstOrDefault(c => c.Field == "title").New);
            }
        }
        while (token is not null && actions.Count < 10);

        Assert.Equal(["updated", "updated", "updated", "created"], actions);
        Assert.Equal(["Title 3", "Title 2", "Title 1", null], titles);
        await client.GetAsync($"/api/v1/contacts/{id}/history?pageToken=abc").ExpectFieldErrorsAsync("pageToken");
        await client.GetAsync($"/api/v1/contacts/{id}/history?pageSize=201").ExpectFieldErrorsAsync("pageSize");
    }

    [Theory, AllDatabases]
    public async Task A_deleted_record_leaves_a_deleted_entry_with_its_last_values(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(kam);
        using var client = host.ClientFor(kam);
        var id = (await client.PostJsonAsync("/api/v1/contacts", new { accountId = account.Id, firstName = "Gone", lastName = "Soon" }).ExpectAsync(HttpStatusCode.Created)).Id();

        await client.DeleteAsync($"/api/v1/contacts/{id}", null).ExpectAsync(HttpStatusCode.NoContent);

        var entries = await host.AsSystemAsync(async (context, _) =>
            await context.AuditEntries.Where(e => e.EntityId == id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([AuditAction.Created, AuditAction.Deleted], entries.Select(e => e.Action));
        Assert.Equal(kam.Id, entries[1].UserId);
        Assert.Equal(account.Id, entries[1].AccountId);
        Assert.Contains("\"old\":\"Gone\"", entries[1].Changes, StringComparison.Ordinal);
        await client.GetAsync($"/api/v1/contacts/{id}/history").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task History_of_an_account_one_cannot_see_is_not_found(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var outsider = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(owner, "Private");
        var contact = await host.CreateContactAsync(account.Id);
        using var client = host.ClientFor(outsider);

        var problem = await client.GetAsync($"/api/v1/accounts/{account.Id}/history").ExpectProblemAsync(HttpStatusCode.NotFound);
        await client.GetAsync($"/api/v1/contacts/{contact.Id}/history").ExpectProblemAsync(HttpStatusCode.NotFound);
        var unknown = await client.GetAsync($"/api/v1/accounts/{Guid.NewGuid()}/history").ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.DoesNotContain("Private", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(problem.Str("title"), unknown.Str("title"));
    }

    [Theory, AllDatabases]
    public async Task The_audit_table_refuses_updates_and_deletes_even_through_raw_sql(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam, "Audited");

        var (entryId, changes) = await host.AsSystemAsync(async (context, _) =>
            await context.AuditEntries.Where(e => e.EntityId == account.Id).Select(e => new ValueTuple<long, string>(e.Id, e.Changes)).SingleAsync());
        var update = await host.AsSystemAsync(async (context, _) =>
            await Record.ExceptionAsync(() => context.Database.ExecuteSqlAsync($"UPDATE audit_entries SET \"Changes\" = '[]' WHERE \"Id\" = {entryId}")));
        var delete = await host.AsSystemAsync(async (context, _) =>
            await Record.ExceptionAsync(() => context.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE \"Id\" = {entryId}")));
        var tracked = await host.AsSystemAsync(async (context, _) =>
        {
            var entry = await context.AuditEntries.SingleAsync(e => e.Id == entryId);
            entry.Changes = "[]";
            return await Record.ExceptionAsync(() => context.SaveChangesAsync());
        });

        Assert.IsAssignableFrom<DbException>(update);
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DbException>(delete);
        Assert.IsType<InvalidOperationException>(tracked);
        var after = await host.AsSystemAsync(async (context, _) =>
            await context.AuditEntries.Where(e => e.Id == entryId).Select(e => e.Changes).SingleOrDefaultAsync());
        Assert.Equal(changes, after);
    }

    private static List<(string Field, string? Old, string? New)> Changes(JsonElement entry) =>
        [.. entry.GetProperty("changes").EnumerateArray()
            .Select(c => (c.Str("field")!, c.Str("old"), c.Str("new")))
            .OrderBy(c => c.Item1, StringComparer.Ordinal)];
}
