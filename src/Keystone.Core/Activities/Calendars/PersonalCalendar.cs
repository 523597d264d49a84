using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities.Calendars;

/// <summary>
/// What a user's calendar feed holds: their meetings, calls and visits (owned, or taken part in as
/// a colleague) and the due dates of their open tasks, from <see cref="DaysBack"/> days ago to
/// <see cref="DaysAhead"/> days ahead. It is read as the user, with their access as it is now: an
/// account they no longer see drops out of the feed at the next refresh.
/// </summary>
public static class PersonalCalendar
{
    public const int DaysBack = 90;
    public const int DaysAhead = 365;

    /// <summary>Outlook refreshes about this often; Google Calendar every few hours whatever the feed says.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(1);

    /// <summary>More than this many entries and the oldest are left out, so that a feed stays quick to fetch and to read.</summary>
    public const int MaxEntries = 5_000;

    /// <param name="siteUrl">The site's address ending in '/', to link each entry to its account; null leaves links out.</param>
    public static async Task<string> HandleAsync(KeystoneDbContext db, string? siteUrl, CancellationToken ct = default)
    {
        var userId = db.Actor.RequireUserId();
        var now = db.Clock.GetUtcNow();
        var from = now.AddDays(-DaysBack);
        var to = now.AddDays(DaysAhead);

        var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(ct);
        var activities = await db.Activities.AsNoTracking()
            .Where(a => (a.Type == ActivityType.Meeting || a.Type == ActivityType.Call || a.Type == ActivityType.Visit) && a.Status != ActivityStatus.Cancelled)
            .Where(a => a.OwnerId == userId || a.Participants.Any(p => p.UserId == userId))
            .Where(a => a.StartsAt >= from && a.StartsAt < to)
            .OrderByDescending(a => a.StartsAt)
            .Take(MaxEntries)
            .Select(a => new
            {
                a.Id,
                a.AccountId,
                AccountName = a.Account!.Name,
                a.Type,
                a.Subject,
                a.StartsAt,
                a.DurationMinutes,
                a.TimeZone,
                a.Summary,
                a.Location,
                a.Version,
            })
            .ToListAsync(ct);
        var ids = activities.Select(a => a.Id).ToList();
        var people = (await db.ActivityContacts.AsNoTracking()
                .Where(c => ids.Contains(c.ActivityId))
                .Join(db.Contacts, ac => ac.ContactId, c => c.Id, (ac, c) => new { ac.ActivityId, c.FirstName, c.LastName })
                .ToListAsync(ct))
            .ToLookup(c => c.ActivityId, c => $"{c.FirstName} {c.LastName}".Trim());

        var fromDate = DateOnly.FromDateTime(from.UtcDateTime);
        var toDate = DateOnly.FromDateTime(to.UtcDateTime);
        var tasks = await db.WorkTasks.AsNoTracking()
            .Where(t => t.AssigneeId == userId && t.Status == WorkTaskStatus.Open && t.DueDate >= fromDate && t.DueDate <= toDate)
            .OrderBy(t => t.DueDate)
            .Take(MaxEntries)
            .Select(t => new { t.Id, t.AccountId, AccountName = t.Account!.Name, t.Title, t.Notes, t.DueDate, t.DueAt, t.ReminderAt, t.Version })
            .ToListAsync(ct);

        var feed = new CalendarFeed
        {
            Name = $"Keystone · {name}",
            RefreshInterval = RefreshInterval,
            Meetings = activities.OrderBy(a => a.StartsAt).Select(a => new CalendarMeeting
            {
                Id = a.Id,
                Title = a.Type == ActivityType.Meeting ? a.Subject : $"{a.Type}: {a.Subject}",
                Start = a.StartsAt,
                End = a.StartsAt.AddMinutes(a.DurationMinutes),
                TimeZoneId = a.TimeZone == "UTC" ? null : a.TimeZone,
                Description = Describe(a.AccountName, a.AccountId, people[a.Id].Order(StringComparer.CurrentCulture).ToList(), a.Summary, siteUrl),
                Location = a.Location,
                Sequence = a.Version - 1,
            }).ToList(),
            Tasks = tasks.Select(t => new CalendarTask(t.Id, t.Title, t.DueDate, Describe(t.AccountName, t.AccountId, [], t.Notes, siteUrl))
            {
                DueAt = t.DueAt,
                ReminderAt = t.ReminderAt,
                Sequence = t.Version - 1,
            }).ToList(),
        };
        return IcsExport.Feed(feed, db.Clock);
    }

    private static string Describe(string account, Guid accountId, IReadOnlyList<string> people, string? text, string? siteUrl)
    {
        var lines = new List<string> { $"Account: {account}" };
        if (people.Count > 0)
        {
            lines.Add($"With: {string.Join(", ", people)}");
        }
        if (!string.IsNullOrWhiteSpace(text))
        {
            lines.Add("");
            lines.Add(text.Trim());
        }
        if (siteUrl is not null)
        {
            lines.Add("");
            lines.Add($"{siteUrl}accounts/{accountId}");
        }
        return string.Join("\n", lines);
    }
}
