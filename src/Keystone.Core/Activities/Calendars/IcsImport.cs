using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;
using Calendar = Ical.Net.Calendar;
using Period = Ical.Net.DataTypes.Period;

namespace Keystone.Core.Activities.Calendars;

/// <summary>
/// Reads an .ics file (Outlook, Google Calendar, any RFC 5545 export) into the meetings that take
/// place in a window, recurring ones expanded. It returns every meeting or throws a
/// <see cref="CalendarImportException"/>: a file is never imported in part.
/// </summary>
/// <remarks>
/// Occurrences come from Ical.Net's evaluation of each series (RRULE, RDATE, EXDATE). Changed
/// occurrences (a VEVENT with the series' UID and a RECURRENCE-ID) replace the occurrence whose
/// start is the same instant, which holds when the two are written in different zones. A
/// RECURRENCE-ID with RANGE=THISANDFUTURE is taken for its one occurrence only.
/// </remarks>
public static partial class IcsImport
{
    /// <summary>Steps of an hourly, minutely or secondly series that may be worked through (about a second).</summary>
    private const long MaxSubDailySteps = 500_000;

    /// <summary>What places a meeting in time or names its people: a value of these that Ical.Net could not read refuses the file.</summary>
    private static readonly HashSet<string> Placement = new(StringComparer.OrdinalIgnoreCase)
    {
        "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "EXRULE", "RDATE", "EXDATE", "ORGANIZER", "ATTENDEE",
    };

    private static readonly EvaluationOptions Evaluation = new() { MaxUnmatchedIncrementsLimit = 1_000 };

    public static IReadOnlyList<ImportedMeeting> Read(Stream stream, DateTimeOffset from, DateTimeOffset to, CalendarImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader.ReadToEnd(), from, to, options);
    }

    /// <summary>The meetings that overlap [<paramref name="from"/>, <paramref name="to"/>), in order of their start.</summary>
    public static IReadOnlyList<ImportedMeeting> Read(string text, DateTimeOffset from, DateTimeOffset to, CalendarImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (to <= from)
        {
            throw new ArgumentException("The import window must end after it starts.", nameof(to));
        }
        options ??= new CalendarImportOptions();
        var defaultZone = ResolveZone(options.DefaultTimeZoneId)
            ?? throw new ArgumentException($"'{options.DefaultTimeZoneId}' is not a known time zone.", nameof(options));

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CalendarImportException("The file is empty; export the calendar again as an .ics file.");
        }
        if (!text.Contains("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            throw new CalendarImportException("This is not an iCalendar file (it has no BEGIN:VCALENDAR); export the calendar as an .ics file.");
        }

        CalendarCollection calendars;
        try
        {
            calendars = CalendarCollection.Load(Prepare(text));
        }
        catch (CalendarImportException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw Refusal(ex, text);
        }
        if (calendars.Count == 0)
        {
            throw new CalendarImportException("No calendar could be read from the file; export the calendar again as an .ics file.");
        }

        try
        {
            var import = new Import(from, to, options.MaxOccurrences);
            foreach (var calendar in calendars)
            {
                var zone = CalendarZone(calendar) ?? defaultZone;
                ReadCalendar(calendar, zone, import);
            }
            return import.Meetings
                .OrderBy(m => m.Start)
                .ThenBy(m => m.Uid, StringComparer.Ordinal)
                .ToList();
        }
        catch (CalendarImportException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw Refusal(ex, text);
        }
    }

    private sealed class Import(DateTimeOffset from, DateTimeOffset to, int max)
    {
        public DateTimeOffset From { get; } = from;
        public DateTimeOffset To { get; } = to;
        public List<ImportedMeeting> Meetings { get; } = [];

        public bool Overlaps(DateTimeOffset start, DateTimeOffset end) =>
            start < To && (end > From || (end == start && start >= From));

        public void Add(ImportedMeeting meeting, CalendarEvent source)
        {
            if (Meetings.Count >= max)
            {
                throw new CalendarImportException(string.Create(CultureInfo.InvariantCulture,
                    $"The calendar has more than {max:N0} meetings between {From:yyyy-MM-dd} and {To:yyyy-MM-dd} " +
                    $"({Describe(source)} is one of them); import a shorter period."));
            }
            Meetings.Add(meeting);
        }
    }

    private static void ReadCalendar(Calendar calendar, DateTimeZone floatingZone, Import import)
    {
        var events = calendar.Events.ToList();
        foreach (var ev in events)
        {
            Check(ev, floatingZone, import);
        }
        foreach (var series in events.GroupBy(e => e.Uid ?? "", StringComparer.Ordinal))
        {
            var changed = series.Where(e => OriginalStart(e) is not null).ToList();
            var replacedInstants = changed.Where(e => OriginalStart(e)!.HasTime)
                .Select(e => ToOffset(OriginalStart(e)!, floatingZone).UtcDateTime)
                .ToHashSet();
            var replacedDates = changed.Where(e => !OriginalStart(e)!.HasTime)
                .Select(e => OriginalStart(e)!.Date)
                .ToHashSet();
            foreach (var master in series.Where(e => OriginalStart(e) is null))
            {
                Guarded(master, () => Expand(master, floatingZone, import, replacedInstants, replacedDates));
            }
            foreach (var ev in changed)
            {
                Guarded(ev, () =>
                {
                    var period = new Period(ev.DtStart!, ev.EffectiveDuration);
                    var meeting = ToMeeting(ev, period, floatingZone, ToOffset(OriginalStart(ev)!, floatingZone));
                    if (import.Overlaps(meeting.Start, meeting.End))
                    {
                        import.Add(meeting, ev);
                    }
                });
            }
        }
    }

    private static void Expand(CalendarEvent master, DateTimeZone floatingZone, Import import, HashSet<DateTime> replacedInstants, HashSet<DateOnly> replacedDates)
    {
        var recurring = Rules(master, "RRULE").Any() || master.RecurrenceDates.GetAllDates().Any() || master.RecurrenceDates.GetAllPeriods().Any();
        // Ical.Net compares times without a zone as if they were UTC; a day's margin on both
        // sides lets the exact check below decide in the zone they belong to.
        var searchFrom = new CalDateTime(DateTime.SpecifyKind(import.From.UtcDateTime.AddDays(-1), DateTimeKind.Unspecified), CalDateTime.UtcTzId, hasTime: true);
        var stopAt = import.To.AddDays(1);
        foreach (var occurrence in master.GetOccurrences(searchFrom, Evaluation))
        {
            var meeting = ToMeeting(master, occurrence.Period, floatingZone, null);
            if (meeting.Start >= stopAt)
            {
                break;
            }
            if (!import.Overlaps(meeting.Start, meeting.End))
            {
                continue;
            }
            if (recurring)
            {
                var start = occurrence.Period.StartTime;
                var replaced = start.HasTime
                    ? replacedInstants.Contains(meeting.Start.UtcDateTime) || replacedDates.Contains(DateOnly.FromDateTime(meeting.Start.DateTime))
                    : replacedDates.Contains(start.Date) || replacedInstants.Contains(meeting.Start.UtcDateTime);
                if (replaced)
                {
                    continue;
                }
                meeting = meeting with { RecurrenceId = meeting.Start };
            }
            import.Add(meeting, master);
        }
    }

    /// <summary>Turns what goes wrong while working out an event's dates into a refusal that names the event.</summary>
    private static void Guarded(CalendarEvent ev, Action work)
    {
        try
        {
            work();
        }
        catch (CalendarImportException)
        {
            throw;
        }
        catch (Exception ex)
        {
            var reason = ex switch
            {
                EvaluationLimitExceededException => "its repeat rule (RRULE) matches no date, or too few to find",
                EvaluationOutOfRangeException or ArgumentOutOfRangeException or OverflowException => "its dates run past the latest one a calendar can hold",
                _ => ex.Message.Split('\n')[0].Trim(),
            };
            throw new CalendarImportException(
                $"{Capitalized(Describe(ev))} cannot be worked out: {reason}. Nothing was imported; correct the event in your calendar or export the calendar again.",
                innerException: ex);
        }
    }

    /// <summary>Refuses, before any expansion, what cannot be read right or would take too long.</summary>
    private static void Check(CalendarEvent ev, DateTimeZone floatingZone, Import import)
    {
        foreach (var property in ev.Properties.Where(p => Placement.Contains(p.Name)))
        {
            if (!property.Values.Any() || property.Values.Any(v => v is null || (v is System.Collections.IEnumerable list and not string && !list.Cast<object>().Any())))
            {
                throw new CalendarImportException(
                    $"{Capitalized(Describe(ev))} has a {property.Name} that cannot be read. Nothing was imported; " +
                    "correct the event in your calendar or export the calendar again.");
            }
        }
        if (ev.DtStart is null)
        {
            throw new CalendarImportException($"{Capitalized(Describe(ev))} has no start time (DTSTART); Keystone cannot place it in the calendar.");
        }
        var times = new[] { ev.DtStart, ev.DtEnd, OriginalStart(ev) }
            .Concat(ev.ExceptionDates.GetAllDates())
            .Concat(ev.RecurrenceDates.GetAllDates())
            .Concat(ev.RecurrenceDates.GetAllPeriods().Select(p => p.StartTime));
        foreach (var time in times)
        {
            if (time?.TzId is { } tzId && !time.IsUtc && ResolveZone(tzId) is null)
            {
                throw new CalendarImportException(
                    $"{Capitalized(Describe(ev))} uses the time zone '{tzId}', which is neither an IANA nor a Windows zone name; " +
                    "Keystone cannot tell when it takes place. Export the calendar from Outlook or Google Calendar, which name their zones.");
            }
        }
        var start = ToOffset(ev.DtStart, floatingZone);
        foreach (var rule in Rules(ev, "RRULE").Concat(Rules(ev, "EXRULE")))
        {
            var step = rule.Frequency switch
            {
                FrequencyType.Secondly => TimeSpan.FromSeconds(1),
                FrequencyType.Minutely => TimeSpan.FromMinutes(1),
                FrequencyType.Hourly => TimeSpan.FromHours(1),
                _ => (TimeSpan?)null,
            };
            if (step is null)
            {
                continue;
            }
            var end = rule.Until is { } until && ToOffset(until, floatingZone) < import.To ? ToOffset(until, floatingZone) : import.To;
            var steps = Math.Max(0, (end - start) / (step.Value * Math.Max(1, rule.Interval)));
            var filtered = rule.BySecond.Count + rule.ByMinute.Count + rule.ByHour.Count + rule.ByDay.Count + rule.ByMonthDay.Count
                + rule.ByYearDay.Count + rule.ByWeekNo.Count + rule.ByMonth.Count + rule.BySetPosition.Count > 0;
            if (rule.Count is { } count && !filtered)
            {
                steps = Math.Min(steps, count);
            }
            if (steps > MaxSubDailySteps)
            {
                var every = rule.Frequency switch { FrequencyType.Secondly => "second", FrequencyType.Minutely => "minute", _ => "hour" };
                throw new CalendarImportException(string.Create(CultureInfo.InvariantCulture,
                    $"{Capitalized(Describe(ev))} repeats every {every} from {start:yyyy-MM-dd}; that is too many repetitions to work out. " +
                    $"End or shorten the series in your calendar and export it again."));
            }
        }
    }

    /// <summary>RECURRENCE-ID: the start of the occurrence this VEVENT changes; null for a series or a single meeting.</summary>
    private static CalDateTime? OriginalStart(CalendarEvent ev) => ev.RecurrenceIdentifier?.StartTime;

    /// <summary>
    /// Every RRULE (or EXRULE) of an event. Exports in the wild carry several RRULEs and the
    /// deprecated EXRULE, and Ical.Net evaluates them all, so all are checked.
    /// </summary>
    private static IEnumerable<RecurrenceRule> Rules(CalendarEvent ev, string name) =>
        ev.Properties.Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).SelectMany(p => p.Values).OfType<RecurrenceRule>();

    private static ImportedMeeting ToMeeting(CalendarEvent ev, Period period, DateTimeZone floatingZone, DateTimeOffset? recurrenceId)
    {
        var startTime = period.StartTime;
        var endTime = period.EffectiveEndTime ?? startTime;
        var start = ToOffset(startTime, floatingZone);
        var end = ToOffset(endTime, floatingZone);
        if (end < start)
        {
            end = start;
        }
        return new ImportedMeeting
        {
            Uid = ev.Uid ?? "",
            RecurrenceId = recurrenceId,
            Title = ev.Summary?.Trim() ?? "",
            Start = start,
            End = end,
            IsAllDay = !startTime.HasTime,
            TimeZoneId = startTime.IsUtc ? "UTC" : (startTime.TzId is { } tzId ? ResolveZone(tzId)!.Id : floatingZone.Id),
            Location = Blank(ev.Location),
            Description = Blank(ev.Description),
            Organizer = ev.Organizer is { } organizer ? Person(organizer.Value, organizer.CommonName, null) : null,
            Attendees = ev.Attendees.Select(a => Person(a.Value, a.CommonName, a.ParticipationStatus)).ToList(),
            Status = ev.Status?.ToUpperInvariant() switch
            {
                "TENTATIVE" => ImportedMeetingStatus.Tentative,
                "CONFIRMED" => ImportedMeetingStatus.Confirmed,
                "CANCELLED" => ImportedMeetingStatus.Cancelled,
                _ => ImportedMeetingStatus.Unspecified,
            },
        };
    }

    private static ImportedAttendee Person(Uri? address, string? name, string? participation)
    {
        var text = address?.OriginalString.Trim();
        string? email = null;
        if (text is not null && text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            email = Uri.UnescapeDataString(text["mailto:".Length..]).Trim();
        }
        return new ImportedAttendee(Blank(email), Blank(name), Blank(participation));
    }

    /// <summary>A time of the file as an instant with its offset: UTC, in its TZID, or (without either) in the calendar's zone.</summary>
    private static DateTimeOffset ToOffset(CalDateTime time, DateTimeZone floatingZone)
    {
        var value = DateTime.SpecifyKind(time.Value, DateTimeKind.Unspecified);
        if (time.IsUtc)
        {
            return new DateTimeOffset(value, TimeSpan.Zero);
        }
        var zone = time.TzId is { } tzId ? ResolveZone(tzId) ?? floatingZone : floatingZone;
        return LocalDateTime.FromDateTime(value).InZoneLeniently(zone).ToDateTimeOffset();
    }

    /// <summary>A zone the way Ical.Net resolves it (IANA, Windows names and their variants), or null.</summary>
    private static DateTimeZone? ResolveZone(string tzId)
    {
        try
        {
            return TimeZoneResolvers.TimeZoneResolver(tzId);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Google Calendar names the zone of a whole calendar in X-WR-TIMEZONE.</summary>
    private static DateTimeZone? CalendarZone(Calendar calendar)
    {
        var name = calendar.Properties.FirstOrDefault(p => p.Name.Equals("X-WR-TIMEZONE", StringComparison.OrdinalIgnoreCase))?.Value?.ToString();
        return string.IsNullOrWhiteSpace(name) ? null : ResolveZone(name.Trim());
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Describe(CalendarEvent ev)
    {
        var title = string.IsNullOrWhiteSpace(ev.Summary) ? "the event" : $"the event '{ev.Summary.Trim()}'";
        return string.IsNullOrEmpty(ev.Uid) ? title : $"{title} (UID {ev.Uid})";
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>What went wrong in Ical.Net, said for a person, with the line when the message quotes it.</summary>
    private static CalendarImportException Refusal(Exception ex, string text)
    {
        var quoted = QuotedLine().Match(ex.Message);
        int? line = quoted.Success ? FindLine(text, quoted.Groups["line"].Value) : null;
        var where = line is null ? "" : $" Line {line} cannot be read.";
        var what = ex switch
        {
            ArgumentOutOfRangeException => "a value is out of range",
            FormatException or ArgumentException => "a value is malformed",
            _ => "it is not valid iCalendar",
        };
        return new CalendarImportException(
            $"The calendar file cannot be imported: {what} ({ex.Message.Split('\n')[0].Trim()}).{where} Nothing was imported; " +
            "export the calendar again from Outlook or Google Calendar.",
            line,
            ex);
    }

    /// <summary>The line of the file where a content line starts, matched without regard to case or folding.</summary>
    private static int? FindLine(string text, string contentLine) =>
        ContentLines(text).Where(l => l.Text.Equals(contentLine, StringComparison.OrdinalIgnoreCase)).Select(l => (int?)l.Line).FirstOrDefault();

    /// <summary>Unfolded content lines with the line of the file each starts on.</summary>
    private static IEnumerable<(int Line, string Text)> ContentLines(string text)
    {
        var lines = text.Split('\n');
        var start = 0;
        var current = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var physical = lines[i].TrimEnd('\r');
            if (physical.Length > 0 && physical[0] is ' ' or '\t')
            {
                current.Append(physical, 1, physical.Length - 1);
                continue;
            }
            if (current.Length > 0)
            {
                yield return (start + 1, current.ToString());
            }
            current.Clear().Append(physical);
            start = i;
        }
        if (current.Length > 0)
        {
            yield return (start + 1, current.ToString());
        }
    }

    /// <summary>
    /// The text Ical.Net is given: unfolded, with what it would get wrong without a word put right
    /// or refused.
    /// <list type="bullet">
    /// <item>A VEVENT without a UID gets one made from its own text, so that importing the same
    /// file again names the same meetings (Ical.Net would make up a new random UID each time).</item>
    /// <item>Ical.Net drops an EXDATE or RDATE item it cannot read, and the meeting would then take
    /// place on a day it was cancelled; such a file is refused. Google writes dates with a Z
    /// (RDATE:20131210Z), which Ical.Net cannot read; they are written as dates.</item>
    /// </list>
    /// </summary>
    private static string Prepare(string text)
    {
        var output = new StringBuilder(text.Length + 256);
        var eventLines = new List<string>();
        var inEvent = false;
        var depth = 0;
        var hasUid = false;
        foreach (var (line, content) in ContentLines(text))
        {
            var name = content.Split([';', ':'], 2)[0].Trim().ToUpperInvariant();
            var written = name switch
            {
                "EXDATE" or "RDATE" => DateList(line, name, content),
                "RRULE" or "EXRULE" => WithoutEndlessUntil(content),
                _ => content,
            };
            if (!inEvent)
            {
                if (content.Trim().Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase))
                {
                    (inEvent, depth, hasUid) = (true, 0, false);
                    eventLines.Clear();
                }
            }
            else if (name == "BEGIN")
            {
                depth++;
            }
            else if (name == "END" && depth > 0)
            {
                depth--;
            }
            else if (name == "END")
            {
                if (!hasUid)
                {
                    var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', eventLines)));
                    output.Append("UID:").Append(Convert.ToHexStringLower(hash)[..32]).Append("@import.keystone\r\n");
                }
                inEvent = false;
            }
            else if (name == "UID" && depth == 0)
            {
                hasUid = true;
            }
            if (inEvent)
            {
                eventLines.Add(content);
            }
            output.Append(written).Append("\r\n");
        }
        return output.ToString();
    }

    /// <summary>
    /// Some calendars end a series "never" with UNTIL=99991231, where Ical.Net's evaluation runs out
    /// of dates; an UNTIL after the year 9000 is the same as none for any window before it.
    /// </summary>
    private static string WithoutEndlessUntil(string content)
    {
        var colon = ValueStart(content);
        if (colon < 0)
        {
            return content;
        }
        var parts = content[(colon + 1)..].Split(';');
        var kept = parts.Where(part => !(part.StartsWith("UNTIL=", StringComparison.OrdinalIgnoreCase)
            && part.Length >= 10
            && int.TryParse(part.AsSpan(6, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year >= 9000)).ToArray();
        return kept.Length == parts.Length ? content : content[..(colon + 1)] + string.Join(';', kept);
    }

    private static string DateList(int line, string name, string content)
    {
        var colon = ValueStart(content);
        var items = colon < 0 ? [""] : content[(colon + 1)..].Split(',').Select(i => i.Trim()).ToArray();
        var bad = items.FirstOrDefault(item => !DateListItem().IsMatch(item));
        if (bad is not null)
        {
            throw new CalendarImportException(
                $"The calendar file cannot be imported: line {line} has the {name} '{bad}', which is not a date or a time. " +
                "Nothing was imported; export the calendar again from Outlook or Google Calendar.",
                line);
        }
        if (!items.All(item => item.Length == 9 && item[^1] is 'Z' or 'z'))
        {
            return content;
        }
        var head = content[..colon];
        var dates = string.Join(',', items.Select(item => item[..8]));
        return head.Contains("VALUE=DATE", StringComparison.OrdinalIgnoreCase) ? $"{head}:{dates}" : $"{head};VALUE=DATE:{dates}";
    }

    /// <summary>The index of the ':' that starts a content line's value (the first one outside quoted parameters).</summary>
    private static int ValueStart(string content)
    {
        var quoted = false;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '"')
            {
                quoted = !quoted;
            }
            else if (content[i] == ':' && !quoted)
            {
                return i;
            }
        }
        return -1;
    }

    // Google writes dates with a Z (20131210Z); Ical.Net reads them, so they pass.
    [GeneratedRegex(@"^\d{8}(T\d{6})?Z?(/(\d{8}T\d{6}Z?|[+-]?P[0-9WDTHMS]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateListItem();

    [GeneratedRegex("'(?<line>[^\\r\\n]+)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedLine();
}
