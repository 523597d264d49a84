using System.Globalization;
using System.Net;
using System.Text.Json;
using Keystone.Core.Activities.Calendars;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using IcalCalendar = Ical.Net.Calendar;

namespace Keystone.Web.Tests.Activities;

public sealed class ActivityEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Activities = "/api/v1/activities";
    private const string Tasks = "/api/v1/tasks";

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DaysFromToday(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory, AllDatabases]
    public async Task Logging_a_meeting_with_participants_and_next_steps_creates_assigned_tasks(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var account = await host.CreateAccountAsync(senior, team: [junior], more: new Core.Accounts.AccountInput { TimeZone = "Europe/Berlin" });
        var contact = await host.CreateContactAsync(account.Id, "Lovelace");
        var client = host.ClientFor(senior);

        using var response = await client.PostJsonAsync(Activities, new
        {
            accountId = account.Id,
            type = "meeting",
            status = "completed",
            startsAt = "2026-03-02T09:00:00+01:00",
            durationMinutes = 90,
            subject = "Quarterly review",
            outcome = "Renewal agreed in principle",
            participantIds = new[] { junior.Id },
            contactIds = new[] { contact.Id },
            nextSteps = new object[]
            {
                new { title = "Send the offer", dueDate = DaysFromToday(7), assigneeId = junior.Id },
                new { title = "Book the follow-up", dueDate = DaysFromToday(14) },
            },
        });
        var activity = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal($"{Activities}/{activity.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal("Europe/Berlin", activity.Str("timeZone"));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), activity.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(senior.Id, activity.GetProperty("owner").Id());
        Assert.Equal([junior.Id], activity.GetProperty("participants").EnumerateArray().Select(p => p.Id()));
        Assert.Equal([contact.Id], activity.GetProperty("contacts").EnumerateArray().Select(c => c.Id()));
        var tasks = activity.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(2, tasks.Count);
        Assert.Equal(junior.Id, tasks.Single(t => t.Str("title") == "Send the offer").GetProperty("assignee").Id());
        Assert.Equal(senior.Id, tasks.Single(t => t.Str("title") == "Book the follow-up").GetProperty("assignee").Id());

        var task = await client.GetAsync($"{Tasks}/{tasks[0].Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(activity.Id(), task.GetProperty("activityId").GetGuid());
        Assert.Equal("open", task.Str("status"));
        var history = await client.GetAsync($"{Activities}/{activity.Id()}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", history.GetProperty("items")[0].Str("action"));
        var mine = await host.ClientFor(junior).GetAsync($"{Activities}?participant=me&accountId={account.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(activity.Id(), Assert.Single(mine.GetProperty("items").EnumerateArray()).Id());
    }

    [Theory, AllDatabases]
    public async Task A_senior_hands_a_task_to_their_junior_who_sees_it_in_my_work(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var account = await host.CreateAccountAsync(junior, name: $"Handed over {Guid.NewGuid():N}"[..24]);
        var client = host.ClientFor(senior);

        var overdue = await client.PostJsonAsync(Tasks, new { accountId = account.Id, title = "Call back", dueDate = DaysFromToday(-2), assigneeId = junior.Id })
            .ExpectAsync(HttpStatusCode.Created);
        var dueToday = await client.PostJsonAsync(Tasks, new { accountId = account.Id, title = "Send minutes", dueDate = Today, assigneeId = junior.Id })
            .ExpectAsync(HttpStatusCode.Created);
        await client.PostJsonAsync(Tasks, new { accountId = account.Id, title = "Mine", dueDate = Today }).ExpectAsync(HttpStatusCode.Created);

        var work = await host.ClientFor(junior).GetAsync("/api/v1/me/work").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("UTC", work.Str("timeZone"));
        var overdueItem = Assert.Single(work.GetProperty("overdue").EnumerateArray());
        Assert.Equal(overdue.Id(), overdueItem.Id());
        Assert.Equal(account.Name, overdueItem.Str("accountName"));
        Assert.Equal(dueToday.Id(), Assert.Single(work.GetProperty("dueToday").EnumerateArray()).Id());

        // The assignee may close their task, but not rename it.
        var juniorClient = host.ClientFor(junior);
        var done = await juniorClient.PatchJsonAsync($"{Tasks}/{overdue.Id()}", new { status = "done" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("done", done.Str("status"));
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("completedAt").ValueKind);
        var overdueList = await juniorClient.GetAsync($"{Tasks}?assignee=me&overdue=true").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, overdueList.GetProperty("total").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task Assigning_a_task_to_a_stranger_is_400_naming_the_assignee(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var stranger = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(senior);

        var problem = await host.ClientFor(senior)
            .PostJsonAsync(Tasks, new { accountId = account.Id, title = "Not yours", dueDate = Today, assigneeId = stranger.Id })
            .ExpectFieldErrorsAsync("assigneeId");

        Assert.Contains("cannot see", problem.ErrorsOf("assigneeId")[0], StringComparison.Ordinal);
        await host.ClientFor(senior)
            .PostJsonAsync(Activities, new
            {
                accountId = account.Id, type = "call", startsAt = "2026-03-02T09:00:00Z", subject = "Call",
                nextSteps = new[] { new { title = "x", dueDate = Today, assigneeId = stranger.Id } },
            })
            .ExpectFieldErrorsAsync("nextSteps[0].assigneeId");
    }

    [Theory, AllDatabases]
    public async Task A_contributor_on_the_team_logs_a_call_a_viewer_cannot_and_a_junior_does_not_see_foreign_ones(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var contributor = await host.CreateUserAsync(KeystoneRole.Contributor);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(owner, team: [contributor]);
        var call = new { accountId = account.Id, type = "call", status = "completed", startsAt = "2026-03-02T09:00:00Z", durationMinutes = 15, subject = "Support call" };

        var logged = await host.ClientFor(contributor).PostJsonAsync(Activities, call).ExpectAsync(HttpStatusCode.Created);
        await host.ClientFor(viewer).PostJsonAsync(Activities, call).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await host.ClientFor(junior).GetAsync($"{Activities}/{logged.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await host.ClientFor(junior).PostJsonAsync(Activities, call).ExpectFieldErrorsAsync("accountId");

        Assert.Equal(contributor.Id, logged.GetProperty("owner").Id());
        Assert.Equal("call", logged.Str("type"));
        var seen = await host.ClientFor(viewer).GetAsync($"{Activities}/{logged.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.False(seen.GetProperty("canEdit").GetBoolean());
    }

    [Theory, AllDatabases]
    public async Task A_patch_checks_the_version(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(kam);
        var client = host.ClientFor(kam);
        var id = (await client.PostJsonAsync(Activities, new { accountId = account.Id, type = "visit", startsAt = "2026-03-02T09:00:00Z", subject = "Plant tour" })
            .ExpectAsync(HttpStatusCode.Created)).Id();

        using var patched = await client.PatchJsonAsync($"{Activities}/{id}", new { status = "completed", outcome = "Saw the new line" }, "\"1\"");
        var activity = await patched.ExpectAsync(HttpStatusCode.OK);
        await client.PatchJsonAsync($"{Activities}/{id}", new { subject = "Stale" }, "\"1\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.PatchJsonAsync($"{Activities}/{id}", new { subject = "Unguarded" }, null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);

        Assert.Equal("\"2\"", patched.ETag());
        Assert.Equal("completed", activity.Str("status"));
        Assert.Equal("Plant tour", activity.Str("subject"));
        await client.DeleteAsync($"{Activities}/{id}", "\"2\"").ExpectAsync(HttpStatusCode.NoContent);
        await client.GetAsync($"{Activities}/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task The_ics_of_a_meeting_reads_back_with_its_uid_zone_and_instant(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(kam);
        var client = host.ClientFor(kam);
        var id = (await client.PostJsonAsync(Activities, new
        {
            accountId = account.Id, type = "meeting", startsAt = "2026-07-01T10:00:00+02:00", timeZone = "Europe/Berlin",
            durationMinutes = 90, subject = "Kick-off", location = "Berlin",
        }).ExpectAsync(HttpStatusCode.Created)).Id();

        using var response = await client.GetAsync($"{Activities}/{id}/ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        var again = await client.GetStringAsync($"{Activities}/{id}/ics");

        var ev = Assert.Single(IcalCalendar.Load(ics)!.Events);
        Assert.Equal(IcsExport.MeetingUid(id), ev.Uid);
        Assert.Equal(ev.Uid, Assert.Single(IcalCalendar.Load(again)!.Events).Uid);
        Assert.Contains("DTSTAMP", ics, StringComparison.Ordinal);
        Assert.Equal("Europe/Berlin", ev.DtStart!.TzId);
        Assert.Equal(new DateTime(2026, 7, 1, 8, 0, 0, DateTimeKind.Utc), ev.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 7, 1, 9, 30, 0, DateTimeKind.Utc), ev.DtEnd!.AsUtc);
        Assert.Equal("Kick-off", ev.Summary);
    }

    [Theory, AllDatabases]
    public async Task Meetings_and_calls_count_completed_ones_once_per_kam_and_once_for_the_team(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var first = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var second = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var account = await host.CreateAccountAsync(first);
        var client = host.ClientFor(first);

        async Task LogAsync(string type, string status, string startsAt, params Guid[] participants) =>
            await client.PostJsonAsync(Activities, new { accountId = account.Id, type, status, startsAt, subject = $"{type} {startsAt}", participantIds = participants })
                .ExpectAsync(HttpStatusCode.Created);

        await LogAsync("meeting", "completed", "2026-01-15T10:00:00Z", second.Id);   // both KAMs, once for the team
        await LogAsync("call", "completed", "2026-01-31T23:59:59Z");                  // last second of January
        await LogAsync("call", "completed", "2026-02-01T00:00:00Z");                  // first second of February
        await LogAsync("meeting", "cancelled", "2026-01-20T10:00:00Z", second.Id);
        await LogAsync("meeting", "planned", "2026-01-21T10:00:00Z");
        await LogAsync("email", "completed", "2026-01-22T10:00:00Z");
        await LogAsync("visit", "completed", "2026-01-23T10:00:00Z");
        await LogAsync("call", "completed", "2025-12-31T23:59:59Z");

        var query = "meetings-and-calls?period=month&from=2026-01&to=2026-02";
        var mine = await client.GetAsync($"/api/v1/kams/{first.Id}/{query}").ExpectAsync(HttpStatusCode.OK);
        var theirs = await host.ClientFor(second).GetAsync($"/api/v1/kams/{second.Id}/{query}").ExpectAsync(HttpStatusCode.OK);
        var team = await host.ClientFor(senior).GetAsync($"/api/v1/kams/{senior.Id}/{query}").ExpectAsync(HttpStatusCode.OK);
        var managed = await host.ClientFor(senior).GetAsync($"/api/v1/kams/{first.Id}/{query}").ExpectAsync(HttpStatusCode.OK);
        await host.ClientFor(second).GetAsync($"/api/v1/kams/{first.Id}/{query}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.GetAsync($"/api/v1/kams/{first.Id}/meetings-and-calls?period=month&from=2026-03&to=2026-01").ExpectFieldErrorsAsync("to");

        Assert.Equal([("2026-01", 2, 2), ("2026-02", 1, 1)], Counts(mine));
        Assert.Equal([("2026-01", 1, 1), ("2026-02", 0, 0)], Counts(theirs));
        Assert.Equal([("2026-01", 0, 2), ("2026-02", 0, 1)], Counts(team));
        Assert.Equal(Counts(mine), Counts(managed));
    }

    private static List<(string, int, int)> Counts(JsonElement report) =>
        [.. report.GetProperty("periods").EnumerateArray().Select(p => (p.Str("period")!, p.GetProperty("count").GetInt32(), p.GetProperty("teamCount").GetInt32()))];
}
