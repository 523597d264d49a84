using System.Text;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities.Calendars;

/// <summary>A meeting the import logged on the account.</summary>
public sealed record ImportedActivity(Guid Id, string Subject, DateTimeOffset StartsAt, string Status);

/// <summary>
/// What an import did. <see cref="Meetings"/> counts the meetings of the file in the window
/// (each occurrence of a recurring one counts); those already imported before are skipped.
/// </summary>
public sealed record MeetingImportResult(
    DateOnly From,
    DateOnly To,
    int Meetings,
    int AlreadyImported,
    int ContactsMatched,
    int ColleaguesMatched,
    IReadOnlyList<ImportedActivity> Created);

/// <summary>
/// Logs the meetings of an .ics file (Outlook, Google Calendar, any RFC 5545 export) as meetings
/// of one account. The file is imported whole or not at all: a file that cannot be read is refused
/// with the reason (and, when known, the event and line), and nothing is saved.
/// </summary>
/// <remarks>
/// Recurring meetings are expanded into one activity per occurrence between <c>from</c> and
/// <c>to</c> (by default a year back and a year ahead). Attendees whose email address is a contact
/// of the account become the activity's contacts; those who are active Keystone users become its
/// participants. Each activity keeps the event's UID and RECURRENCE-ID, so importing the same file
/// again adds only what is new. Past meetings are logged as completed, future ones as planned, and
/// cancelled ones as cancelled.
/// </remarks>
public static class ImportMeetings
{
    public const int MaxFileBytes = 5 * 1024 * 1024;
    public const int DefaultDaysBack = 365;
    public const int DefaultDaysAhead = 365;
    public const int MaxWindowDays = 5 * 366;
    public const int MaxMeetings = 5_000;

    private const string UntitledSubject = "Untitled meeting";

    public static async Task<MeetingImportResult> HandleAsync(
        KeystoneDbContext db, Guid accountId, Stream file, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var account = await db.Accounts.Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new NotFoundException("Account", accountId);
        AccessRules.Demand(!db.Actor.IsReadOnly && db.Actor.CanLogActivitiesOn(account),
            $"You cannot log activities on account '{account.Name}'; ask its owner to add you to its team.");
        var (windowFrom, windowTo) = Window(db.Clock, from, to);
        var text = await ReadTextAsync(file, ct);

        IReadOnlyList<ImportedMeeting> meetings;
        try
        {
            meetings = IcsImport.Read(
                text,
                new DateTimeOffset(windowFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                new DateTimeOffset(windowTo.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                new CalendarImportOptions { MaxOccurrences = MaxMeetings, DefaultTimeZoneId = ZoneOf(account) });
        }
        catch (CalendarImportException e)
        {
            throw new ValidationException("file", e.Message);
        }
        foreach (var meeting in meetings)
        {
            if (meeting.Uid.Length > ActivityCalendarEvent.MaxUidLength)
            {
                throw new ValidationException("file",
                    $"The event '{Subject(meeting)}' has a UID of {meeting.Uid.Length:N0} characters; Keystone keeps at most {ActivityCalendarEvent.MaxUidLength:N0}. " +
                    "Nothing was imported; export the calendar again from Outlook or Google Calendar.");
            }
        }

        // One activity per event and occurrence: a file that names the same one twice gives it once.
        var distinct = meetings
            .Select(m => (Meeting: m, Key: ActivityCalendarEvent.KeyOf(m.Uid, m.RecurrenceId)))
            .DistinctBy(m => m.Key)
            .ToList();
        var keys = distinct.Select(m => m.Key).ToList();
        var known = (await db.ActivityCalendarEvents.AsNoTracking()
                .Where(e => e.AccountId == accountId && keys.Contains(e.EventKey))
                .Select(e => e.EventKey)
                .ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = distinct.Where(m => !known.Contains(m.Key)).ToList();

        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.Email != null)
            .Select(c => new KnownContact(c.Id, c.Email!))
            .ToListAsync(ct);
        var matcher = new AttendeeMatcher(contacts);
        var emails = fresh.SelectMany(m => matcher.Match(m.Meeting))
            .Select(p => p.Attendee.Email?.Trim().ToUpperInvariant())
            .OfType<string>()
            .Distinct()
            .ToList();
        var users = (await db.Users.AsNoTracking()
                .Where(u => u.IsActive && u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail))
                .Select(u => new { u.Id, u.NormalizedEmail })
                .ToListAsync(ct))
            .ToDictionary(u => u.NormalizedEmail!, u => u.Id, StringComparer.Ordinal);

        var ownerId = db.Actor.RequireUserId();
        var now = db.Clock.GetUtcNow();
        var created = new List<ImportedActivity>();
        var contactsMatched = new HashSet<Guid>();
        var colleaguesMatched = new HashSet<Guid>();
        foreach (var (meeting, key) in fresh)
        {
            var activity = new Activity
            {
                AccountId = accountId,
                OwnerId = ownerId,
                Type = ActivityType.Meeting,
                Status = meeting.Status == ImportedMeetingStatus.Cancelled ? ActivityStatus.Cancelled
                    : meeting.End <= now ? ActivityStatus.Completed
                    : ActivityStatus.Planned,
                StartsAt = meeting.Start.ToUniversalTime(),
                TimeZone = meeting.TimeZoneId,
                DurationMinutes = (int)Math.Clamp((meeting.End - meeting.Start).TotalMinutes, 0, 24 * 60),
                Subject = Subject(meeting),
                Summary = Cut(meeting.Description, 4000),
                Location = Cut(meeting.Location, 200),
            };
            foreach (var person in matcher.Match(meeting))
            {
                foreach (var contactId in person.ContactIds.Where(id => activity.Contacts.All(c => c.ContactId != id)))
                {
                    activity.Contacts.Add(new ActivityContact { ActivityId = activity.Id, AccountId = accountId, ContactId = contactId });
                    contactsMatched.Add(contactId);
                }
                if (person.Attendee.Email is { } email
                    && users.TryGetValue(email.Trim().ToUpperInvariant(), out var userId)
                    && userId != ownerId
                    && activity.Participants.All(p => p.UserId != userId))
                {
                    activity.Participants.Add(new ActivityParticipant { ActivityId = activity.Id, AccountId = accountId, UserId = userId });
                    colleaguesMatched.Add(userId);
                }
            }
            db.Activities.Add(activity);
            db.ActivityCalendarEvents.Add(new ActivityCalendarEvent
            {
                ActivityId = activity.Id,
                AccountId = accountId,
                Uid = meeting.Uid,
                RecurrenceId = meeting.RecurrenceId?.ToUniversalTime(),
                EventKey = key,
            });
            created.Add(new ImportedActivity(activity.Id, activity.Subject, activity.StartsAt, activity.Status.ToIdentifier()));
        }
        if (created.Count > 0)
        {
            try
            {
                // One save, one transaction: every meeting of the file is logged, or none is.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                throw new ConflictException(
                    "Another import of this calendar into the account ran at the same time, so nothing was imported from this one. " +
                    "Import the file again: the meetings already there are skipped.");
            }
        }
        return new MeetingImportResult(windowFrom, windowTo, distinct.Count, distinct.Count - fresh.Count, contactsMatched.Count, colleaguesMatched.Count, created);
    }

    /// <summary>The dates to import, both included: by default a year back and a year ahead of today (UTC).</summary>
    public static (DateOnly From, DateOnly To) Window(TimeProvider clock, DateOnly? from, DateOnly? to)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = from ?? today.AddDays(-DefaultDaysBack);
        var end = to ?? today.AddDays(DefaultDaysAhead);
        var v = new Validator();
        if (end < start)
        {
            v.Add("to", $"The window ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}); give a 'to' date on or after 'from'.");
        }
        else if (end.DayNumber - start.DayNumber > MaxWindowDays)
        {
            v.Add("to", $"The window from {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is longer than {MaxWindowDays:N0} days; import a shorter period at a time.");
        }
        v.ThrowIfInvalid();
        return (start, end);
    }

    public static ValidationException TooLarge() =>
        new("file", $"The file is larger than {MaxFileBytes / (1024 * 1024)} MB; export a shorter period of the calendar, or only the meetings with this account, and import that.");

    private static async Task<string> ReadTextAsync(Stream file, CancellationToken ct)
    {
        using var buffer = await BoundedRead.ReadAllAsync(file, MaxFileBytes, TooLarge, ct);
        using var reader = new StreamReader(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }

    private static string ZoneOf(Account account)
    {
        if (account.TimeZone is { Length: > 0 } zone && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is not null)
        {
            return zone;
        }
        return "UTC";
    }

    private static string Subject(ImportedMeeting meeting) => Cut(meeting.Title, 200) ?? UntitledSubject;

    private static string? Cut(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        return trimmed.Length <= max ? trimmed : string.Concat(trimmed.AsSpan(0, max - 1), "…");
    }
}
