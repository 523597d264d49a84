using Ical.Net.CalendarComponents;
using Keystone.Core.Activities.Calendars;
using Keystone.Core.Common;
using Microsoft.Extensions.Time.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace Keystone.Core.Tests.Activities.Calendars;

public sealed class IcsExportTests
{
    private static readonly Guid MeetingId = new("0197a1b2-0000-7000-8000-000000000001");
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 20, 7, 45, 12, TimeSpan.FromHours(2)));

    // 10:00 in Berlin on 1 July is 08:00 UTC (summer time, UTC+2).
    private static CalendarMeeting Review() => new()
    {
        Id = MeetingId,
        Title = "Quarterly review; pricing, renewal \\ next steps",
        Start = new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2025, 7, 1, 9, 30, 0, TimeSpan.Zero),
        TimeZoneId = "Europe/Berlin",
        Description = "Agenda:\n1. Numbers\n2. Renewal",
        Location = "Acme AG, Room 4.01",
        Organizer = new CalendarPerson("anna.weber@keystone.example", "Anna Weber"),
        Attendees = [new CalendarPerson("ben.okafor@acme.example", "Okafor, Ben"), new CalendarPerson("chen.wei@acme.example")],
        Sequence = 2,
    };

    private static CalendarEvent SingleEvent(string ics)
    {
        var calendar = IcalCalendar.Load(ics)!;
        return Assert.Single(calendar.Events);
    }

    [Fact]
    public void A_meeting_in_berlin_parses_back_with_uid_stamp_zone_and_instant()
    {
        var ics = IcsExport.Meeting(Review(), Clock);

        var calendar = IcalCalendar.Load(ics)!;
        var ev = Assert.Single(calendar.Events);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal(IcsExport.ProductId, calendar.ProductId);
        Assert.Equal("meeting-0197a1b2-0000-7000-8000-000000000001@keystone", ev.Uid);
        Assert.True(ev.DtStamp!.IsUtc);
        Assert.Equal(new DateTime(2025, 6, 20, 5, 45, 12), ev.DtStamp.Value);
        Assert.Equal("Europe/Berlin", ev.DtStart!.TzId);
        Assert.Equal(new DateTime(2025, 7, 1, 10, 0, 0), ev.DtStart.Value);
        Assert.Equal(new DateTime(2025, 7, 1, 8, 0, 0, DateTimeKind.Utc), ev.DtStart.AsUtc);
        Assert.Equal(new DateTime(2025, 7, 1, 9, 30, 0, DateTimeKind.Utc), ev.DtEnd!.AsUtc);
        Assert.Equal("Europe/Berlin", Assert.Single(calendar.TimeZones).TzId);
        Assert.Equal("Quarterly review; pricing, renewal \\ next steps", ev.Summary);
        Assert.Equal("Agenda:\n1. Numbers\n2. Renewal", ev.Description);
        Assert.Equal("Acme AG, Room 4.01", ev.Location);
        Assert.Equal(2, ev.Sequence);
        Assert.Equal(new Uri("mailto:anna.weber@keystone.example"), ev.Organizer!.Value);
        Assert.Equal("Anna Weber", ev.Organizer.CommonName);
        Assert.Equal(["mailto:ben.okafor@acme.example", "mailto:chen.wei@acme.example"], ev.Attendees.Select(a => a.Value!.OriginalString));
        Assert.Equal("Okafor, Ben", ev.Attendees[0].CommonName);

        Assert.Contains("DTSTART;TZID=Europe/Berlin:20250701T100000\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:20250620T054512Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("METHOD:PUBLISH\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void A_winter_meeting_in_berlin_is_one_hour_ahead_of_utc()
    {
        var meeting = Review() with { Start = new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero) };

        var ev = SingleEvent(IcsExport.Meeting(meeting, Clock));

        Assert.Equal(new DateTime(2025, 1, 15, 10, 0, 0), ev.DtStart!.Value);
        Assert.Equal(new DateTime(2025, 1, 15, 9, 0, 0, DateTimeKind.Utc), ev.DtStart.AsUtc);
    }

    [Fact]
    public void Without_a_zone_the_times_are_written_in_utc_and_no_vtimezone()
    {
        var ics = IcsExport.Meeting(Review() with { TimeZoneId = null }, Clock);

        Assert.Contains("DTSTART:20250701T080000Z\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("VTIMEZONE", ics, StringComparison.Ordinal);
        Assert.True(SingleEvent(ics).DtStart!.IsUtc);
    }

    [Fact]
    public void Every_export_of_a_meeting_has_the_same_uid_and_a_new_stamp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 20, 0, 0, 0, TimeSpan.Zero));
        var first = SingleEvent(IcsExport.Meeting(Review(), clock));
        clock.Advance(TimeSpan.FromDays(1));
        var second = SingleEvent(IcsExport.Meeting(Review() with { Title = "Renamed" }, clock));

        Assert.Equal(first.Uid, second.Uid);
        Assert.Equal(TimeSpan.FromDays(1), second.DtStamp!.AsUtc - first.DtStamp!.AsUtc);
    }

    [Fact]
    public void An_exported_meeting_imports_back_as_the_same_meeting()
    {
        var ics = IcsExport.Meeting(Review(), Clock);

        var meeting = Assert.Single(IcsImport.Read(ics, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(IcsExport.MeetingUid(MeetingId), meeting.Uid);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.FromHours(2)), meeting.Start);
        Assert.Equal(Review().End, meeting.End);
        Assert.Equal("Europe/Berlin", meeting.TimeZoneId);
        Assert.Equal(Review().Title, meeting.Title);
        Assert.Equal(new ImportedAttendee("anna.weber@keystone.example", "Anna Weber"), meeting.Organizer);
        Assert.Equal([new ImportedAttendee("ben.okafor@acme.example", "Okafor, Ben"), new ImportedAttendee("chen.wei@acme.example", null)], meeting.Attendees);
        Assert.Equal(ImportedMeetingStatus.Confirmed, meeting.Status);
    }

    [Fact]
    public void A_feed_carries_meetings_in_their_zones_and_tasks_as_all_day_events()
    {
        var taskId = Guid.NewGuid();
        var feed = new CalendarFeed
        {
            Name = "Keystone – Anna Weber",
            Meetings =
            [
                Review(),
                Review() with { Id = Guid.NewGuid(), Start = new DateTimeOffset(2025, 7, 2, 14, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2025, 7, 2, 15, 0, 0, TimeSpan.Zero), TimeZoneId = "America/New_York" },
                Review() with { Id = Guid.NewGuid(), Start = new DateTimeOffset(2025, 7, 3, 8, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2025, 7, 3, 9, 0, 0, TimeSpan.Zero) },
            ],
            Tasks = [new CalendarTask(taskId, "Send the renewal offer", new DateOnly(2025, 7, 4), "Acme AG")],
            RefreshInterval = TimeSpan.FromMinutes(30),
        };

        var ics = IcsExport.Feed(feed, Clock);

        Assert.Contains("REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("X-PUBLISHED-TTL:PT30M\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("VTODO", ics, StringComparison.Ordinal);
        var calendar = IcalCalendar.Load(ics)!;
        Assert.Equal(["America/New_York", "Europe/Berlin"], calendar.TimeZones.Select(z => z.TzId).Order());
        Assert.Equal(4, calendar.Events.Count);
        var task = calendar.Events.Single(e => e.Uid == IcsExport.TaskUid(taskId));
        Assert.True(task.IsAllDay);
        Assert.Equal(new DateOnly(2025, 7, 4), task.DtStart!.Date);
        Assert.Equal(new DateOnly(2025, 7, 5), task.DtEnd!.Date);
        Assert.Equal("TRANSPARENT", task.Transparency);
        Assert.Equal("Due: Send the renewal offer", task.Summary);
        Assert.Equal(["Task"], task.Categories);

        var imported = IcsImport.Read(ics, new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 8, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal([true, false, false, false], imported.Select(m => m.IsAllDay).OrderDescending());
        Assert.Contains(imported, m => m.Start == new DateTimeOffset(2025, 7, 2, 10, 0, 0, TimeSpan.FromHours(-4)) && m.TimeZoneId == "America/New_York");
    }

    [Theory]
    [InlineData(60, "PT1H")]
    [InlineData(90, "PT1H30M")]
    [InlineData(1440, "P1D")]
    [InlineData(1500, "P1DT1H")]
    public void Refresh_intervals_are_written_as_durations(int minutes, string expected)
    {
        Assert.Equal(expected, IcsExport.IcsDuration(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void An_unknown_zone_or_an_end_before_the_start_is_a_validation_error()
    {
        var zone = Assert.Throws<ValidationException>(() => IcsExport.Meeting(Review() with { TimeZoneId = "Europe/Atlantis" }, Clock));
        Assert.Contains("'Europe/Atlantis' is not a known time zone", zone.Errors["timeZoneId"][0], StringComparison.Ordinal);

        var end = Assert.Throws<ValidationException>(() => IcsExport.Meeting(Review() with { End = Review().Start.AddMinutes(-1) }, Clock));
        Assert.Contains("end", end.Errors.Keys);
    }

    [Fact]
    public void A_windows_zone_name_is_written_as_its_iana_name()
    {
        var ev = SingleEvent(IcsExport.Meeting(Review() with { TimeZoneId = "W. Europe Standard Time" }, Clock));

        Assert.Equal("Europe/Berlin", ev.DtStart!.TzId);
    }
}
