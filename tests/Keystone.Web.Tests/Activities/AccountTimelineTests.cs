using System.Globalization;
using System.Net;
using System.Text.Json;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Activities;

public sealed class AccountTimelineTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Activities = "/api/v1/activities";
    private const string Tasks = "/api/v1/tasks";

    private static string Timeline(Guid accountId) => $"/api/v1/accounts/{accountId}/timeline";

    private static string DaysFromToday(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Rank(string? kind) => kind switch { "task" => 2, "change" => 1, _ => 0 };

    private static Task LogAsync(HttpClient client, Guid accountId, string type, string startsAt, string subject) =>
        client.PostJsonAsync(Activities, new { accountId, type, status = "completed", startsAt, durationMinutes = 30, subject })
            .ExpectAsync(HttpStatusCode.Created);

    private static Task AddTaskAsync(HttpClient client, Guid accountId, string title) =>
        client.PostJsonAsync(Tasks, new { accountId, title, dueDate = DaysFromToday(7) }).ExpectAsync(HttpStatusCode.Created);

    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient client, string url, int pageSize)
    {
        var all = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.GetAsync($"{url}{(url.Contains('?') ? '&' : '?')}pageSize={pageSize}"
                + (token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}")).ExpectAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= pageSize);
            all.AddRange(items);
            token = page.GetProperty("nextPageToken").ValueKind == JsonValueKind.Null ? null : page.Str("nextPageToken");
            Assert.True(++pages < 100);
        }
        while (token is not null);
        return all;
    }

    private static string Key(JsonElement e) => $"{e.Str("kind")}:{e.Str("id")}";

    [Theory, AllDatabases]
    public async Task Activities_tasks_and_changes_merge_newest_first(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam);
        var client = host.ClientFor(kam);
        await LogAsync(client, account.Id, "meeting", "2000-01-03T09:00:00Z", "Long ago");
        await AddTaskAsync(client, account.Id, "Send the offer");
        await LogAsync(client, account.Id, "call", "2100-01-03T09:00:00Z", "Far ahead");

        var page = await client.GetAsync(Timeline(account.Id)).ExpectAsync(HttpStatusCode.OK);
        var items = page.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal("Far ahead", items[0].Str("title"));
        Assert.Equal("activity", items[0].Str("kind"));
        Assert.Equal("call", items[0].Str("type"));
        Assert.Equal("Long ago", items[^1].Str("title"));
        var task = Assert.Single(items, e => e.Str("kind") == "task");
        Assert.Equal("Send the offer", task.Str("title"));
        Assert.Equal("WorkTask", task.Str("targetType"));
        // The account's creation, the two activities' and the task's: each a change of the account or its records.
        var changes = items.Where(e => e.Str("kind") == "change").ToList();
        Assert.Contains(changes, c => c.Str("targetType") == "Account" && c.GetProperty("targetId").GetGuid() == account.Id);
        Assert.Contains(changes, c => c.Str("targetType") == "WorkTask" && c.GetProperty("targetId").GetGuid() == task.GetProperty("targetId").GetGuid());
        Assert.Equal(2, changes.Count(c => c.Str("targetType") == "Activity"));
        Assert.Equal(items.Count, page.GetProperty("total").GetInt32());
        for (var i = 1; i < items.Count; i++)
        {
            var (a, b) = (items[i - 1], items[i]);
            var (atA, atB) = (a.GetProperty("at").GetDateTimeOffset(), b.GetProperty("at").GetDateTimeOffset());
            Assert.True(atA > atB || (atA == atB && Rank(a.Str("kind")) >= Rank(b.Str("kind"))), $"{Key(a)} before {Key(b)}");
        }
        // The task was made after the account, so it comes before the account's creation.
        var accountCreated = items.FindIndex(e => e.Str("kind") == "change" && e.Str("targetType") == "Account");
        Assert.True(items.FindIndex(e => e.Str("kind") == "task") < accountCreated);
    }

    [Theory, AllDatabases]
    public async Task Paging_across_kinds_has_no_duplicates_or_gaps(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam);
        var client = host.ClientFor(kam);
        // 1 account creation + 8 activities (each also a change) + 4 tasks (each also a change) = 25 entries.
        for (var i = 0; i < 8; i++)
        {
            // Two activities share a start, so ties are paged by id.
            var day = i is 3 or 4 ? 10 : 1 + i;
            await LogAsync(client, account.Id, i % 2 == 0 ? "meeting" : "call", $"2026-0{1 + (i % 3)}-{day:00}T09:00:00Z", $"Activity {i}");
            if (i % 2 == 0)
            {
                await AddTaskAsync(client, account.Id, $"Task {i}");
            }
        }

        var whole = await client.GetAsync($"{Timeline(account.Id)}?pageSize=200").ExpectAsync(HttpStatusCode.OK);
        var expected = whole.GetProperty("items").EnumerateArray().Select(Key).ToList();
        Assert.Equal(25, expected.Count);
        Assert.Equal(25, whole.GetProperty("total").GetInt32());

        var paged = await ReadAllAsync(client, Timeline(account.Id), 10);
        Assert.Equal(expected, paged.Select(Key).ToList());
        Assert.Equal(25, paged.Select(Key).Distinct().Count());

        var tiny = await ReadAllAsync(client, Timeline(account.Id), 1);
        Assert.Equal(expected, tiny.Select(Key).ToList());
    }

    [Theory, AllDatabases]
    public async Task The_timeline_filters_by_kind_and_activity_type(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam);
        var client = host.ClientFor(kam);
        await LogAsync(client, account.Id, "meeting", "2026-02-01T09:00:00Z", "Review");
        await LogAsync(client, account.Id, "call", "2026-02-02T09:00:00Z", "Check-in");
        await LogAsync(client, account.Id, "call", "2026-02-03T09:00:00Z", "Follow-up");
        await AddTaskAsync(client, account.Id, "Send the offer");

        var tasks = await client.GetAsync($"{Timeline(account.Id)}?kinds=task").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Send the offer", Assert.Single(tasks.GetProperty("items").EnumerateArray()).Str("title"));
        Assert.Equal(1, tasks.GetProperty("total").GetInt32());

        var activities = await ReadAllAsync(client, $"{Timeline(account.Id)}?kinds=activity", 2);
        Assert.Equal(["Follow-up", "Check-in", "Review"], activities.Select(e => e.Str("title")));

        var calls = await client.GetAsync($"{Timeline(account.Id)}?kinds=activity&type=call").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Follow-up", "Check-in"], calls.GetProperty("items").EnumerateArray().Select(e => e.Str("title")));

        var mixed = await client.GetAsync($"{Timeline(account.Id)}?kinds=task,change").ExpectAsync(HttpStatusCode.OK);
        Assert.All(mixed.GetProperty("items").EnumerateArray(), e => Assert.NotEqual("activity", e.Str("kind")));
        Assert.Equal(6, mixed.GetProperty("total").GetInt32());

        await client.GetAsync($"{Timeline(account.Id)}?kinds=emails").ExpectFieldErrorsAsync("kinds");
        await client.GetAsync($"{Timeline(account.Id)}?type=lunch").ExpectFieldErrorsAsync("type");
        await client.GetAsync($"{Timeline(account.Id)}?pageToken=forged").ExpectFieldErrorsAsync("pageToken");
        await client.GetAsync($"{Timeline(account.Id)}?pageSize=0").ExpectFieldErrorsAsync("pageSize");
    }

    [Theory, AllDatabases]
    public async Task A_stranger_gets_not_found_a_viewer_reads_and_changes_stay_with_their_account(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var stranger = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var account = await host.CreateAccountAsync(kam);
        var other = await host.CreateAccountAsync(kam);
        await LogAsync(host.ClientFor(kam), account.Id, "meeting", "2026-02-01T09:00:00Z", "Ours");
        await LogAsync(host.ClientFor(kam), other.Id, "meeting", "2026-02-01T09:00:00Z", "Theirs");

        await host.ClientFor(stranger).GetAsync(Timeline(account.Id)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await host.ClientFor(viewer).GetAsync(Timeline(Guid.NewGuid())).ExpectProblemAsync(HttpStatusCode.NotFound);

        var seen = await host.ClientFor(viewer).GetAsync(Timeline(account.Id)).ExpectAsync(HttpStatusCode.OK);
        var items = seen.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, e => e.Str("title") == "Ours");
        Assert.DoesNotContain(items, e => e.Str("title") == "Theirs" || e.GetProperty("targetId").GetGuid() == other.Id);
        Assert.Equal(3, items.Count);
    }
}
