using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Keystone.Core.Common;
using NodaTime;
using Calendar = Ical.Net.Calendar;

namespace Keystone.Core.Activities.Calendars;

/// <summary>
/// Writes meetings as iCalendar (RFC 5545): one meeting as an .ics to open or attach, or a feed
/// that Outlook and Google Calendar subscribe to.
/// </summary>
/// <remarks>
/// Tasks go into a feed as all-day VEVENTs on their due date, not as VTODOs: Google Calendar
/// ignores VTODO in subscribed calendars and Outlook does not show it in a calendar either, while
/// both show an all-day event. The event is TRANSPARENT, so a due date never makes anyone look busy.
/// </remarks>
public static class IcsExport
{
    public const string ProductId = "-//Keystone//Keystone KAM//EN";

    /// <summary>How long a task due at a time shows in a calendar.</summary>
    public static readonly TimeSpan TimedTaskLength = TimeSpan.FromMinutes(15);

    public static string MeetingUid(Guid id) => $"meeting-{id:D}@keystone";

    public static string TaskUid(Guid id) => $"task-{id:D}@keystone";

    /// <summary>One meeting as a calendar of its own, METHOD:PUBLISH.</summary>
    public static string Meeting(CalendarMeeting meeting, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(clock);
        var calendar = NewCalendar();
        var stamp = Stamp(clock);
        AddTimeZones(calendar, [meeting]);
        calendar.Events.Add(ToEvent(meeting, stamp));
        return Serialize(calendar);
    }

    /// <summary>
    /// Many meetings and task due dates. REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL (what
    /// Outlook reads) ask for a refresh every <see cref="CalendarFeed.RefreshInterval"/>; Google
    /// Calendar keeps its own schedule (several hours) whatever the feed says.
    /// </summary>
    public static string Feed(CalendarFeed feed, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(clock);
        if (feed.RefreshInterval < TimeSpan.FromMinutes(1))
        {
            throw new ValidationException("refreshInterval", "A calendar feed is refreshed at most once a minute; choose an interval of a minute or more.");
        }
        var calendar = NewCalendar();
        var interval = IcsDuration(feed.RefreshInterval);
        var refresh = new CalendarProperty("REFRESH-INTERVAL", interval);
        refresh.AddParameter("VALUE", "DURATION");
        calendar.AddProperty(refresh);
        calendar.AddProperty("X-PUBLISHED-TTL", interval);
        calendar.AddProperty("NAME", feed.Name);
        calendar.AddProperty("X-WR-CALNAME", feed.Name);
        var stamp = Stamp(clock);
        AddTimeZones(calendar, feed.Meetings);
        foreach (var meeting in feed.Meetings)
        {
            calendar.Events.Add(ToEvent(meeting, stamp));
        }
        foreach (var task in feed.Tasks)
        {
            calendar.Events.Add(ToEvent(task, stamp));
        }
        return Serialize(calendar);
    }

    private static Calendar NewCalendar() => new()
    {
        ProductId = ProductId,
        Version = "2.0",
        Method = CalendarMethods.Publish,
    };

    private static CalDateTime Stamp(TimeProvider clock) =>
        new(DateTime.SpecifyKind(clock.GetUtcNow().UtcDateTime, DateTimeKind.Unspecified), CalDateTime.UtcTzId, hasTime: true);

    /// <summary>One VTIMEZONE for each zone the meetings use, from the earliest meeting in it on.</summary>
    private static void AddTimeZones(Calendar calendar, IEnumerable<CalendarMeeting> meetings)
    {
        var zones = meetings
            .Where(m => m.TimeZoneId is not null)
            .GroupBy(m => Zone(m.TimeZoneId!).Id, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Earliest: g.Min(m => m.Start)));
        foreach (var (id, earliest) in zones)
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(id, earliest.UtcDateTime.AddDays(-1), includeHistoricalData: false));
        }
    }

    private static CalendarEvent ToEvent(CalendarMeeting meeting, CalDateTime stamp)
    {
        if (string.IsNullOrWhiteSpace(meeting.Title))
        {
            throw new ValidationException("title", "A meeting needs a title.");
        }
        if (meeting.End < meeting.Start)
        {
            throw new ValidationException("end", "The meeting ends before it starts; set an end after the start.");
        }
        var zone = meeting.TimeZoneId is null ? null : Zone(meeting.TimeZoneId);
        var ev = new CalendarEvent
        {
            Uid = MeetingUid(meeting.Id),
            DtStamp = stamp,
            DtStart = At(meeting.Start, zone),
            DtEnd = At(meeting.End, zone),
            Summary = meeting.Title.Trim(),
            Description = meeting.Description,
            Location = meeting.Location,
            Sequence = meeting.Sequence,
            Status = EventStatus.Confirmed,
        };
        if (meeting.Organizer is { } organizer)
        {
            ev.Organizer = new Organizer(MailTo(organizer.Email)) { CommonName = organizer.Name };
        }
        foreach (var person in meeting.Attendees)
        {
            ev.Attendees.Add(new Attendee(MailTo(person.Email)) { CommonName = person.Name });
        }
        return ev;
    }

    private static CalendarEvent ToEvent(CalendarTask task, CalDateTime stamp)
    {
        if (string.IsNullOrWhiteSpace(task.Title))
        {
            throw new ValidationException("title", "A task needs a title.");
        }
        var ev = new CalendarEvent
        {
            Uid = TaskUid(task.Id),
            DtStamp = stamp,
            // A task due at a time is a short event at that time (in UTC: the feed carries no zone for tasks).
            DtStart = task.DueAt is { } at ? At(at, null) : new CalDateTime(task.Due),
            DtEnd = task.DueAt is { } end ? At(end.Add(TimedTaskLength), null) : new CalDateTime(task.Due.AddDays(1)),
            Summary = "Due: " + task.Title.Trim(),
            Description = task.Description,
            Sequence = task.Sequence,
            Transparency = TransparencyType.Transparent,
        };
        ev.Categories.Add("Task");
        ev.AddProperty("X-MICROSOFT-CDO-BUSYSTATUS", "FREE");
        if (task.ReminderAt is { } reminder)
        {
            var alarm = new Alarm { Action = AlarmAction.Display, Description = "Reminder: " + task.Title.Trim() };
            // Written by hand: Ical.Net 5 writes an absolute Trigger as an empty TRIGGER line.
            var trigger = new CalendarProperty("TRIGGER", reminder.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            trigger.AddParameter("VALUE", "DATE-TIME");
            alarm.AddProperty(trigger);
            ev.Alarms.Add(alarm);
        }
        return ev;
    }

    /// <summary>The instant as wall-clock time in the meeting's zone (DTSTART;TZID=...), or in UTC.</summary>
    private static CalDateTime At(DateTimeOffset instant, DateTimeZone? zone)
    {
        if (zone is null)
        {
            return new CalDateTime(DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Unspecified), CalDateTime.UtcTzId, hasTime: true);
        }
        var local = Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime;
        return new CalDateTime(local.ToDateTimeUnspecified(), zone.Id, hasTime: true);
    }

    /// <summary>An IANA zone by its name; a Windows name is taken too and written as its IANA name.</summary>
    internal static DateTimeZone Zone(string id)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id.Trim());
        if (zone is null && TimeZoneInfo.TryConvertWindowsIdToIanaId(id.Trim(), out var iana))
        {
            zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(iana);
        }
        return zone ?? throw new ValidationException("timeZoneId", $"'{id}' is not a known time zone; use an IANA name such as Europe/Berlin or America/New_York.");
    }

    private static string MailTo(string email)
    {
        var address = email.Trim();
        if (address.Length == 0 || address.Any(char.IsWhiteSpace) || !address.Contains('@', StringComparison.Ordinal))
        {
            throw new ValidationException("email", $"'{email}' is not an email address; write it as name@example.com.");
        }
        return "mailto:" + address;
    }

    /// <summary>A positive duration as RFC 5545 writes it: P1D, PT1H, PT1H30M.</summary>
    internal static string IcsDuration(TimeSpan span)
    {
        if (span.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return $"P{span.Days}D";
        }
        var time = "T"
            + (span.Hours > 0 ? span.Hours.ToString(CultureInfo.InvariantCulture) + "H" : "")
            + (span.Minutes > 0 ? span.Minutes.ToString(CultureInfo.InvariantCulture) + "M" : "")
            + (span.Seconds > 0 ? span.Seconds.ToString(CultureInfo.InvariantCulture) + "S" : "");
        return (span.Days > 0 ? $"P{span.Days}D" : "P") + time;
    }

    private static string Serialize(Calendar calendar) => new CalendarSerializer().SerializeToString(calendar)!;
}
