namespace Keystone.Core.Activities.Calendars;

/// <summary>Someone on an invitation: an email address and, when known, the name to show.</summary>
public sealed record CalendarPerson(string Email, string? Name = null);

/// <summary>A meeting as it goes into an .ics file.</summary>
public sealed record CalendarMeeting
{
    /// <summary>The meeting's id in Keystone; its UID is made from it, so every export of it has the same UID.</summary>
    public required Guid Id { get; init; }

    public required string Title { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }

    /// <summary>The IANA zone the meeting is held in (Europe/Berlin); null writes the times in UTC.</summary>
    public string? TimeZoneId { get; init; }

    public string? Description { get; init; }
    public string? Location { get; init; }
    public CalendarPerson? Organizer { get; init; }
    public IReadOnlyList<CalendarPerson> Attendees { get; init; } = [];

    /// <summary>Raised with each change, so that calendars replace their copy instead of keeping both.</summary>
    public int Sequence { get; init; }
}

/// <summary>A task shown on its due date in a calendar feed.</summary>
public sealed record CalendarTask(Guid Id, string Title, DateOnly Due, string? Description = null)
{
    /// <summary>The time it is due at, when the date alone is not enough: the task is then a short timed event.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>When to remind the assignee: a VALARM (Outlook and Apple Calendar ring it; Google ignores alarms in subscribed calendars).</summary>
    public DateTimeOffset? ReminderAt { get; init; }

    /// <summary>Raised with each change, so that calendars replace their copy.</summary>
    public int Sequence { get; init; }
}

/// <summary>A subscribed calendar: meetings and task due dates, fetched again by the calendar app every <see cref="RefreshInterval"/>.</summary>
public sealed record CalendarFeed
{
    public required string Name { get; init; }
    public IReadOnlyList<CalendarMeeting> Meetings { get; init; } = [];
    public IReadOnlyList<CalendarTask> Tasks { get; init; } = [];
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromHours(1);
}
