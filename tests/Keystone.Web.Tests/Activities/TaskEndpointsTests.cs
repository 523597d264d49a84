using System.Globalization;
using System.Net;
using System.Text.Json;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Activities;

/// <summary>Standalone tasks: who they may be given to, editing them, and their reminders.</summary>
public sealed class TaskEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Tasks = "/api/v1/tasks";
    private const string Reminders = "/api/v1/me/reminders";

    private static string DaysFromToday(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string HoursFromNow(double hours) => DateTimeOffset.UtcNow.AddHours(hours).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    [Theory, AllDatabases]
    public async Task The_assignees_offered_are_oneself_the_juniors_one_manages_and_the_contributors_on_the_team(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var otherJunior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var contributor = await host.CreateUserAsync(KeystoneRole.Contributor);
        var outsider = await host.CreateUserAsync(KeystoneRole.Contributor);
        var stranger = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var account = await host.CreateAccountAsync(junior, team: [contributor]);
        var url = $"/api/v1/accounts/{account.Id}/task-assignees";

        var bySenior = Ids(await host.ClientFor(senior).GetAsync(url).ExpectAsync(HttpStatusCode.OK));
        var byJunior = Ids(await host.ClientFor(junior).GetAsync(url).ExpectAsync(HttpStatusCode.OK));
        var byContributor = Ids(await host.ClientFor(contributor).GetAsync(url).ExpectAsync(HttpStatusCode.OK));
        var byViewer = Ids(await host.ClientFor(viewer).GetAsync(url).ExpectAsync(HttpStatusCode.OK));
        await host.ClientFor(stranger).GetAsync(url).ExpectProblemAsync(HttpStatusCode.NotFound);

        // The caller comes first. otherJunior is managed by the senior but cannot see the account.
        Assert.Equal(senior.Id, bySenior[0]);
        Assert.Equal(new HashSet<Guid> { senior.Id, junior.Id, contributor.Id }, bySenior.ToHashSet());
        Assert.Equal(junior.Id, byJunior[0]);
        Assert.Equal(new HashSet<Guid> { junior.Id, contributor.Id }, byJunior.ToHashSet());
        Assert.Equal([contributor.Id], byContributor);
        Assert.Empty(byViewer);
        Assert.DoesNotContain(otherJunior.Id, bySenior);
        Assert.DoesNotContain(outsider.Id, bySenior);

        // What is offered is what the API accepts, and no more.
        var senderClient = host.ClientFor(senior);
        foreach (var assignee in bySenior)
        {
            await senderClient.PostJsonAsync(Tasks, new { accountId = account.Id, title = "Offered", dueDate = DaysFromToday(1), assigneeId = assignee })
                .ExpectAsync(HttpStatusCode.Created);
        }
        foreach (var refused in new[] { otherJunior.Id, outsider.Id, stranger.Id, viewer.Id })
        {
            await senderClient.PostJsonAsync(Tasks, new { accountId = account.Id, title = "Not offered", dueDate = DaysFromToday(1), assigneeId = refused })
                .ExpectFieldErrorsAsync("assigneeId");
        }
    }

    [Theory, AllDatabases]
    public async Task A_senior_edits_a_task_and_hands_it_on_while_a_stale_edit_is_412(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var account = await host.CreateAccountAsync(senior, team: [junior]);
        var client = host.ClientFor(senior);
        var created = await client.PostJsonAsync(Tasks, new { accountId = account.Id, title = "Draft the offer", dueDate = DaysFromToday(3) })
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(senior.Id, created.GetProperty("assignee").Id());

        using var patched = await client.PatchJsonAsync($"{Tasks}/{created.Id()}", new
        {
            title = "Send the offer",
            notes = "Three-year term",
            dueDate = DaysFromToday(5),
            assigneeId = junior.Id,
            reminderAt = "2030-01-02T09:00:00+01:00",
        }, "\"1\"");
        var task = await patched.ExpectAsync(HttpStatusCode.OK);
        await client.PatchJsonAsync($"{Tasks}/{created.Id()}", new { title = "Stale" }, "\"1\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.PatchJsonAsync($"{Tasks}/{created.Id()}", new { reminderAt = "tomorrow at nine" }, "\"2\"").ExpectFieldErrorsAsync("reminderAt");
        await client.PatchJsonAsync($"{Tasks}/{created.Id()}", new { status = "finished" }, "\"2\"").ExpectFieldErrorsAsync("status");

        Assert.Equal("\"2\"", patched.ETag());
        Assert.Equal("Send the offer", task.Str("title"));
        Assert.Equal("Three-year term", task.Str("notes"));
        Assert.Equal(DaysFromToday(5), task.Str("dueDate"));
        Assert.Equal(junior.Id, task.GetProperty("assignee").Id());
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 8, 0, 0, TimeSpan.Zero), task.GetProperty("reminderAt").GetDateTimeOffset());

        var cancelled = await client.PatchJsonAsync($"{Tasks}/{created.Id()}", new { status = "cancelled", reminderAt = (string?)null }, "\"2\"")
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("reminderAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("completedAt").ValueKind);
        var reopened = await client.PatchJsonAsync($"{Tasks}/{created.Id()}", new { status = "open" }, "\"3\"").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", reopened.Str("status"));
    }

    [Theory, AllDatabases]
    public async Task A_reminder_that_has_passed_is_due_for_its_assignee_alone_until_the_task_is_done(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var account = await host.CreateAccountAsync(junior, name: $"Reminded {Guid.NewGuid():N}"[..22]);
        var seniorClient = host.ClientFor(senior);
        var juniorClient = host.ClientFor(junior);

        async Task<JsonElement> TaskAsync(string title, string reminderAt, TestUser? assignee = null) =>
            await seniorClient.PostJsonAsync(Tasks, new { accountId = account.Id, title, dueDate = DaysFromToday(2), assigneeId = (assignee ?? junior).Id, reminderAt })
                .ExpectAsync(HttpStatusCode.Created);

        var due = await TaskAsync("Call the CFO", HoursFromNow(-1));
        var earlier = await TaskAsync("Chase the signature", HoursFromNow(-30));
        await TaskAsync("Later", HoursFromNow(24));
        var seniors = await TaskAsync("Senior's own", HoursFromNow(-2), senior);

        var mine = await juniorClient.GetAsync(Reminders).ExpectAsync(HttpStatusCode.OK);
        var theirs = await seniorClient.GetAsync(Reminders).ExpectAsync(HttpStatusCode.OK);
        var work = await juniorClient.GetAsync("/api/v1/me/work").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, mine.GetProperty("total").GetInt32());
        Assert.Equal([earlier.Id(), due.Id()], mine.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        var first = mine.GetProperty("items")[1];
        Assert.Equal("Call the CFO", first.Str("title"));
        Assert.Equal(account.Name, first.Str("accountName"));
        Assert.Equal(DaysFromToday(2), first.Str("dueDate"));
        Assert.Equal(seniors.Id(), Assert.Single(theirs.GetProperty("items").EnumerateArray()).Id());
        Assert.Equal(2, work.GetProperty("remindersDue").GetProperty("total").GetInt32());

        // The assignee closes one and moves the other's reminder on: nothing is due any more.
        await juniorClient.PatchJsonAsync($"{Tasks}/{due.Id()}", new { status = "done" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        await juniorClient.PatchJsonAsync($"{Tasks}/{earlier.Id()}", new { reminderAt = HoursFromNow(3) }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        var after = await juniorClient.GetAsync(Reminders).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, after.GetProperty("total").GetInt32());
        Assert.Empty(after.GetProperty("items").EnumerateArray());
    }

    [Theory, AllDatabases]
    public async Task A_viewer_gets_no_tasks_and_changes_none(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var account = await host.CreateAccountAsync(kam);
        var task = await host.ClientFor(kam).PostJsonAsync(Tasks, new { accountId = account.Id, title = "Mine", dueDate = DaysFromToday(1) })
            .ExpectAsync(HttpStatusCode.Created);

        var problem = await host.ClientFor(admin)
            .PostJsonAsync(Tasks, new { accountId = account.Id, title = "For the board", dueDate = DaysFromToday(1), assigneeId = viewer.Id })
            .ExpectFieldErrorsAsync("assigneeId");
        await host.ClientFor(viewer).PatchJsonAsync($"{Tasks}/{task.Id()}", new { reminderAt = HoursFromNow(1) }, "\"1\"")
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var viewerReminders = await host.ClientFor(viewer).GetAsync(Reminders).ExpectAsync(HttpStatusCode.OK);

        Assert.Contains("reads Keystone", problem.ErrorsOf("assigneeId")[0], StringComparison.Ordinal);
        Assert.Equal(0, viewerReminders.GetProperty("total").GetInt32());
        var unchanged = await host.ClientFor(kam).GetAsync($"{Tasks}/{task.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
    }

    private static List<Guid> Ids(JsonElement users) => [.. users.EnumerateArray().Select(u => u.Id())];
}
