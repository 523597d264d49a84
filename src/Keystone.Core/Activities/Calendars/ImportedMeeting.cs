namespace Keystone.Core.Activities.Calendars;

public enum ImportedMeetingStatus
{
    Unspecified,
    Tentative,
    Confirmed,
    Cancelled,
}

/// <summary>Someone on an imported meeting; <see cref="Email"/> is null when the calendar names them without a mailto: address.</summary>
public sealed record ImportedAttendee(string? Email, string? Name, string? ParticipationStatus = null);

/// <summary>
/// One meeting, or one occurrence of a recurring one, read from an .ics file. <see cref="Uid"/>
/// and <see cref="RecurrenceId"/> together name it, so a second import of the same file finds it.
/// </summary>
/// <remarks>
/// <see cref="Start"/> and <see cref="End"/> carry the offset of <see cref="TimeZoneId"/> at that
/// moment. For an all-day meeting they are midnights in that zone and only their dates count;
/// <see cref="End"/> is then the day after the last day, as in the file.
/// </remarks>
public sealed record ImportedMeeting
{
    public required string Uid { get; init; }

    /// <summary>The start this occurrence has in its series before any change; null for a meeting that does not repeat.</summary>
    public DateTimeOffset? RecurrenceId { get; init; }

    public required string Title { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public bool IsAllDay { get; init; }

    /// <summary>The IANA zone of the start (a Windows zone name in the file is given as its IANA name).</summary>
    public required string TimeZoneId { get; init; }

    public string? Location { get; init; }
    public string? Description { get; init; }
    public ImportedAttendee? Organizer { get; init; }
    public IReadOnlyList<ImportedAttendee> Attendees { get; init; } = [];
    public ImportedMeetingStatus Status { get; init; }
}

/// <summary>How much an import may take and how it reads times that name no zone.</summary>
public sealed record CalendarImportOptions
{
    /// <summary>More meetings than this in the window refuse the file: nothing is imported in part.</summary>
    public int MaxOccurrences { get; init; } = 5_000;

    /// <summary>
    /// The zone of times without one ("floating" times and all-day dates) when the calendar does not
    /// name one itself with X-WR-TIMEZONE, as Google Calendar does.
    /// </summary>
    public string DefaultTimeZoneId { get; init; } = "UTC";
}

/// <summary>The file cannot be imported; <see cref="Exception.Message"/> says why and, when known, where. Nothing was imported.</summary>
public sealed class CalendarImportException : Exception
{
    public CalendarImportException(string message, int? line = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
    }

    /// <summary>The line of the file the problem is on, when it is known.</summary>
    public int? Line { get; }
}
