using Keystone.Core.Activities.Calendars;
using Keystone.Core.Common;
using Microsoft.Extensions.Time.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace Keystone.Core.Tests.Activities.Calendars;

/// <summary>Tasks due at a time and with a reminder in a feed, and the window of an import.</summary>
public sealed class FeedTaskAndWindowTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_task_due_at_a_time_is_a_short_timed_event_with_its_reminder_as_an_alarm()
    {
        var id = Guid.NewGuid();
        var dueAt = new DateTimeOffset(2026, 3, 5, 15, 0, 0, TimeSpan.FromHours(1));
        var feed = new CalendarFeed
        {
            Name = "Keystone · Anna",
            Tasks = [new CalendarTask(id, "Call back", new DateOnly(2026, 3, 5)) { DueAt = dueAt, ReminderAt = dueAt.AddMinutes(-30), Sequence = 2 }],
        };

        var ics = IcsExport.Feed(feed, Clock);
        Assert.Contains("TRIGGER;VALUE=DATE-TIME:20260305T133000Z\r\n", ics, StringComparison.Ordinal);
        var ev = Assert.Single(IcalCalendar.Load(ics)!.Events);

        Assert.Equal(IcsExport.TaskUid(id), ev.Uid);
        Assert.True(ev.DtStart!.IsUtc);
        Assert.Equal(new DateTime(2026, 3, 5, 14, 0, 0, DateTimeKind.Utc), ev.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 3, 5, 14, 15, 0, DateTimeKind.Utc), ev.DtEnd!.AsUtc);
        Assert.Equal(2, ev.Sequence);
        var alarm = Assert.Single(ev.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal("Reminder: Call back", alarm.Description);
        Assert.Equal(new DateTime(2026, 3, 5, 13, 30, 0, DateTimeKind.Utc), alarm.Trigger!.DateTime!.AsUtc);
    }

    [Fact]
    public void A_task_without_a_time_or_reminder_stays_an_all_day_event_without_alarms()
    {
        var feed = new CalendarFeed { Name = "Keystone", Tasks = [new CalendarTask(Guid.NewGuid(), "Send the offer", new DateOnly(2026, 3, 5))] };

        var ev = Assert.Single(IcalCalendar.Load(IcsExport.Feed(feed, Clock))!.Events);

        Assert.False(ev.DtStart!.HasTime);
        Assert.Empty(ev.Alarms);
    }

    [Fact]
    public void The_import_window_defaults_to_a_year_back_and_ahead_and_refuses_backwards_or_long_ones()
    {
        Assert.Equal((new DateOnly(2025, 3, 2), new DateOnly(2027, 3, 2)), ImportMeetings.Window(Clock, null, null));
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2027, 3, 2)), ImportMeetings.Window(Clock, new DateOnly(2026, 1, 1), null));

        var backwards = Assert.Throws<ValidationException>(() => ImportMeetings.Window(Clock, new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1)));
        Assert.Contains("before it starts", backwards.Errors["to"][0], StringComparison.Ordinal);
        var tooLong = Assert.Throws<ValidationException>(() => ImportMeetings.Window(Clock, new DateOnly(2010, 1, 1), new DateOnly(2026, 1, 1)));
        Assert.Contains("shorter period", tooLong.Errors["to"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Import_keys_tell_occurrences_apart_and_are_stable()
    {
        var first = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(ActivityCalendarEvent.KeyOf("a@x", first), ActivityCalendarEvent.KeyOf("a@x", first.ToUniversalTime()));
        Assert.NotEqual(ActivityCalendarEvent.KeyOf("a@x", first), ActivityCalendarEvent.KeyOf("a@x", first.AddDays(7)));
        Assert.NotEqual(ActivityCalendarEvent.KeyOf("a@x", null), ActivityCalendarEvent.KeyOf("a@x", first));
        Assert.Equal(64, ActivityCalendarEvent.KeyOf(new string('u', 900), null).Length);
    }
}
