using System.Net;
using Ical.Net.CalendarComponents;
using Keystone.Core.Activities;
using Keystone.Core.Activities.Calendars;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using IcalCalendar = Ical.Net.Calendar;

namespace Keystone.Web.Tests.Calendars;

/// <summary>The personal calendar feed: its URL, what it holds, and who can no longer read it.</summary>
public sealed class CalendarFeedTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Feed = "/api/v1/me/calendar-feed";

    [Theory, AllDatabases]
    public async Task The_feed_holds_the_users_meetings_and_task_due_dates_and_parses_back(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var colleague = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam, team: [colleague], more: new Core.Accounts.AccountInput { TimeZone = "Europe/Berlin" });
        var foreign = await host.CreateAccountAsync(colleague);
        var contact = await host.CreateContactAsync(account.Id, "Lovelace");
        var today = DateTimeOffset.UtcNow.Date;
        var start = new DateTimeOffset(today.AddDays(7).AddHours(8), TimeSpan.Zero);

        var owned = await AddActivityAsync(host, account.Id, kam.Id, "Quarterly review", start, contacts: [contact.Id]);
        var asParticipant = await AddActivityAsync(host, account.Id, colleague.Id, "Plant visit", start.AddDays(1), ActivityType.Visit, participants: [kam.Id]);
        var notMine = await AddActivityAsync(host, foreign.Id, colleague.Id, "Someone else's", start);
        var cancelled = await AddActivityAsync(host, account.Id, kam.Id, "Called off", start, status: ActivityStatus.Cancelled);
        var tooOld = await AddActivityAsync(host, account.Id, kam.Id, "Long ago", start.AddDays(-PersonalCalendar.DaysBack - 30));
        var note = await AddActivityAsync(host, account.Id, kam.Id, "A note", start, ActivityType.Note);
        var due = DateOnly.FromDateTime(today.AddDays(3));
        var allDay = await AddTaskAsync(host, account.Id, kam.Id, "Send the offer", due);
        var timed = await AddTaskAsync(host, account.Id, kam.Id, "Call back", due, dueAt: start.AddHours(2), reminderAt: start.AddHours(1));
        var done = await AddTaskAsync(host, account.Id, kam.Id, "Already done", due, WorkTaskStatus.Done);
        var othersTask = await AddTaskAsync(host, account.Id, colleague.Id, "Colleague's task", due);

        using var client = host.ClientFor(kam);
        using var response = await client.PostAsync(Feed, null);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var url = created.Str("httpsUrl")!;
        Assert.Matches("^http://localhost/calendar/kc_[0-9a-f]{64}\\.ics$", url);
        Assert.Equal("webcal" + url["http".Length..], created.Str("webcalUrl"));

        using var anonymous = host.CreateAnonymousClient();
        using var feed = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", feed.Content.Headers.ContentType?.CharSet);
        var text = await feed.Content.ReadAsStringAsync();
        var calendar = IcalCalendar.Load(text)!;

        Assert.Contains($"X-WR-CALNAME:Keystone · {kam.DisplayName}\r\n", text, StringComparison.Ordinal);
        Assert.Contains("X-PUBLISHED-TTL:PT1H\r\n", text, StringComparison.Ordinal);
        Assert.Contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n", text, StringComparison.Ordinal);
        var uids = calendar.Events.Select(e => e.Uid).ToHashSet();
        Assert.Equal(
            new HashSet<string?>
            {
                IcsExport.MeetingUid(owned), IcsExport.MeetingUid(asParticipant), IcsExport.TaskUid(allDay), IcsExport.TaskUid(timed),
            },
            uids);
        Assert.DoesNotContain(IcsExport.MeetingUid(notMine), text, StringComparison.Ordinal);
        Assert.DoesNotContain(IcsExport.MeetingUid(cancelled), text, StringComparison.Ordinal);
        Assert.DoesNotContain(IcsExport.MeetingUid(tooOld), text, StringComparison.Ordinal);
        Assert.DoesNotContain(IcsExport.MeetingUid(note), text, StringComparison.Ordinal);
        Assert.DoesNotContain(IcsExport.TaskUid(done), text, StringComparison.Ordinal);
        Assert.DoesNotContain(IcsExport.TaskUid(othersTask), text, StringComparison.Ordinal);

        var review = calendar.Events.Single(e => e.Uid == IcsExport.MeetingUid(owned));
        Assert.Equal("Quarterly review", review.Summary);
        Assert.NotNull(review.DtStamp);
        Assert.Equal("Europe/Berlin", review.DtStart!.TzId);
        Assert.Equal(start.UtcDateTime, review.DtStart.AsUtc);
        Assert.Contains(calendar.TimeZones, z => z.TzId == "Europe/Berlin");
        Assert.Contains($"Account: {account.Name}", review.Description, StringComparison.Ordinal);
        Assert.Contains("Lovelace", review.Description, StringComparison.Ordinal);
        Assert.Equal("Visit: Plant visit", calendar.Events.Single(e => e.Uid == IcsExport.MeetingUid(asParticipant)).Summary);

        var dueDate = calendar.Events.Single(e => e.Uid == IcsExport.TaskUid(allDay));
        Assert.False(dueDate.DtStart!.HasTime);
        Assert.Equal(due, DateOnly.FromDateTime(dueDate.DtStart.Value));
        Assert.Equal("Due: Send the offer", dueDate.Summary);
        var callBack = calendar.Events.Single(e => e.Uid == IcsExport.TaskUid(timed));
        Assert.True(callBack.DtStart!.IsUtc);
        Assert.Equal(start.AddHours(2).UtcDateTime, callBack.DtStart.AsUtc);
        var alarm = Assert.Single(callBack.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal(start.AddHours(1).UtcDateTime, alarm.Trigger!.DateTime!.AsUtc);

        // The same URL gives the same UIDs on every fetch, so that calendars update instead of duplicating.
        var again = IcalCalendar.Load(await anonymous.GetStringAsync(url))!;
        Assert.Equal(uids, again.Events.Select(e => e.Uid).ToHashSet());
        var details = await client.GetAsync(Feed).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, details.GetProperty("lastUsedAt").ValueKind);
        Assert.StartsWith(details.Str("hint")!, url["http://localhost/calendar/".Length..], StringComparison.Ordinal);
        Assert.False(details.TryGetProperty("secret", out _));
    }

    [Theory, AllDatabases]
    public async Task A_revoked_or_replaced_feed_answers_404_and_a_user_has_one_feed(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(user);
        using var anonymous = host.CreateAnonymousClient();

        await client.GetAsync(Feed).ExpectProblemAsync(HttpStatusCode.NotFound);
        await client.DeleteAsync(Feed).ExpectProblemAsync(HttpStatusCode.NotFound);
        var first = (await client.PostAsync(Feed, null).ExpectAsync(HttpStatusCode.Created)).Str("httpsUrl")!;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(first)).StatusCode);

        var second = (await client.PostAsync(Feed, null).ExpectAsync(HttpStatusCode.Created)).Str("httpsUrl")!;
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(1, await host.AsSystemAsync(async (d, _) => await d.CalendarFeedTokens.CountAsync(t => t.UserId == user.Id && t.RevokedAt == null)));

        await client.DeleteAsync(Feed).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second)).StatusCode);
        await client.GetAsync(Feed).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendar/kc_0123456789abcdef.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendar/not-a-feed.ics")).StatusCode);
        // Only the hash is kept.
        var secret = second["http://localhost/calendar/".Length..^".ics".Length];
        Assert.False(await host.AsSystemAsync(async (d, _) => await d.CalendarFeedTokens.AnyAsync(t => t.Hash == secret || t.Hint == secret)));
    }

    [Theory, AllDatabases]
    public async Task A_deactivated_or_locked_out_user_s_feed_answers_404(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var deactivated = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var locked = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var deactivatedUrl = (await host.ClientFor(deactivated).PostAsync(Feed, null).ExpectAsync(HttpStatusCode.Created)).Str("httpsUrl")!;
        var lockedUrl = (await host.ClientFor(locked).PostAsync(Feed, null).ExpectAsync(HttpStatusCode.Created)).Str("httpsUrl")!;
        using var anonymous = host.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(deactivatedUrl)).StatusCode);

        await host.AsSystemAsync(async d =>
        {
            (await d.Users.SingleAsync(u => u.Id == deactivated.Id)).IsActive = false;
            (await d.Users.SingleAsync(u => u.Id == locked.Id)).LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            await d.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(deactivatedUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(lockedUrl)).StatusCode);
    }

    [Theory, AllDatabases]
    public async Task The_feed_follows_the_users_access_as_it_is_now(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var contributor = await host.CreateUserAsync(KeystoneRole.Contributor);
        var account = await host.CreateAccountAsync(owner, team: [contributor]);
        var meeting = await AddActivityAsync(host, account.Id, owner.Id, "Workshop", DateTimeOffset.UtcNow.AddDays(2), participants: [contributor.Id]);
        var url = (await host.ClientFor(contributor).PostAsync(Feed, null).ExpectAsync(HttpStatusCode.Created)).Str("httpsUrl")!;
        using var anonymous = host.CreateAnonymousClient();
        Assert.Contains(IcsExport.MeetingUid(meeting), await anonymous.GetStringAsync(url), StringComparison.Ordinal);

        // Off the team, the contributor no longer sees the account, nor its meetings in their calendar.
        await host.AsSystemAsync(async d =>
        {
            d.AccountTeamMembers.RemoveRange(d.AccountTeamMembers.Where(m => m.AccountId == account.Id && m.UserId == contributor.Id));
            await d.SaveChangesAsync();
        });

        var text = await anonymous.GetStringAsync(url);
        Assert.Contains("BEGIN:VCALENDAR", text, StringComparison.Ordinal);
        Assert.DoesNotContain(IcsExport.MeetingUid(meeting), text, StringComparison.Ordinal);
    }

    internal static Task<Guid> AddActivityAsync(
        KeystoneHost host, Guid accountId, Guid ownerId, string subject, DateTimeOffset startsAt, ActivityType type = ActivityType.Meeting,
        ActivityStatus status = ActivityStatus.Planned, IReadOnlyList<Guid>? participants = null, IReadOnlyList<Guid>? contacts = null) =>
        host.AsSystemAsync(async (db, _) =>
        {
            var activity = new Activity
            {
                AccountId = accountId,
                OwnerId = ownerId,
                Type = type,
                Status = status,
                StartsAt = startsAt,
                TimeZone = "Europe/Berlin",
                DurationMinutes = 60,
                Subject = subject,
            };
            activity.Participants.AddRange((participants ?? []).Select(id => new ActivityParticipant { ActivityId = activity.Id, AccountId = accountId, UserId = id }));
            activity.Contacts.AddRange((contacts ?? []).Select(id => new ActivityContact { ActivityId = activity.Id, AccountId = accountId, ContactId = id }));
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            return activity.Id;
        });

    private static Task<Guid> AddTaskAsync(
        KeystoneHost host, Guid accountId, Guid assigneeId, string title, DateOnly due, WorkTaskStatus status = WorkTaskStatus.Open,
        DateTimeOffset? dueAt = null, DateTimeOffset? reminderAt = null) =>
        host.AsSystemAsync(async (db, _) =>
        {
            var task = new WorkTask { AccountId = accountId, AssigneeId = assigneeId, Title = title, DueDate = due, Status = status, DueAt = dueAt, ReminderAt = reminderAt };
            db.WorkTasks.Add(task);
            await db.SaveChangesAsync();
            return task.Id;
        });
}
