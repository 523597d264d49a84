using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Relationships;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public sealed record MyTask(Guid Id, string Title, DateOnly DueDate, DateTimeOffset? DueAt, Guid AccountId, string AccountName, Guid? ActivityId);

public sealed record MyMeeting(Guid Id, string Subject, string Type, string Status, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string? Location, Guid AccountId, string AccountName);

/// <summary>A client contact whose relationship the caller owns and who has not been contacted for a while (or ever).</summary>
public sealed record ColdRelationship(Guid ContactId, string Name, string? Title, int? Influence, Guid AccountId, string AccountName, DateTimeOffset? LastContactAt, int? DaysSinceLastContact);

/// <summary>The caller's relationships gone cold after <see cref="ColdAfterDays"/> days, most urgent first: the first few, and how many there are.</summary>
public sealed record ColdRelationships(int ColdAfterDays, int Total, IReadOnlyList<ColdRelationship> Items);

/// <summary>An account the caller owns with no completed activity for a while (or ever).</summary>
public sealed record QuietAccount(Guid AccountId, string Name, DateTimeOffset? LastActivityAt, int? DaysSinceLastActivity);

/// <summary>The caller's accounts quiet for at least <see cref="QuietAfterDays"/> days, quietest first: the first few, and how many there are.</summary>
public sealed record QuietAccounts(int QuietAfterDays, int Total, IReadOnlyList<QuietAccount> Items);

/// <summary>What is on the caller's plate: tasks overdue and due today, the meetings of today and of this week (Monday to Sunday), the reminders that are due, the relationships going cold and the accounts gone quiet.</summary>
public sealed record MyWorkOverview(
    string TimeZone,
    DateOnly Today,
    IReadOnlyList<MyTask> Overdue,
    IReadOnlyList<MyTask> DueToday,
    IReadOnlyList<MyMeeting> MeetingsToday,
    IReadOnlyList<MyMeeting> MeetingsThisWeek,
    DueReminders RemindersDue,
    ColdRelationships GoingCold,
    QuietAccounts QuietAccounts);

public static class MyWork
{
    public const int DefaultQuietAfterDays = 30;

    /// <summary>How many relationships going cold and quiet accounts are listed; the totals count them all.</summary>
    public const int ListLimit = 20;

    public static async Task<MyWorkOverview> HandleAsync(
        KeystoneDbContext db, string? timeZone, int coldAfterDays = RelationshipMap.DefaultColdAfterDays, int quietAfterDays = DefaultQuietAfterDays, CancellationToken ct = default)
    {
        var v = new Validator();
        var zone = Zone(v, timeZone);
        v.ThrowIfInvalid();
        if (coldAfterDays < 1)
        {
            throw new ValidationException("coldAfterDays", $"A relationship goes cold after at least one day; {coldAfterDays} is not a number of days.");
        }
        if (quietAfterDays < 1)
        {
            throw new ValidationException("quietAfterDays", $"An account goes quiet after at least one day; {quietAfterDays} is not a number of days.");
        }
        var me = db.Actor.RequireUserId();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(db.Clock.GetUtcNow(), zone).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));

        var tasks = await db.WorkTasks.AsNoTracking()
            .Where(t => t.AssigneeId == me && t.Status == WorkTaskStatus.Open && t.DueDate <= today)
            .OrderBy(t => t.DueDate).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.Title, t.DueDate, t.DueAt, t.AccountId, AccountName = t.Account!.Name, t.ActivityId })
            .ToListAsync(ct);
        var weekStart = StartOf(monday, zone);
        var weekEnd = StartOf(monday.AddDays(7), zone);
        var meetings = await db.Activities.AsNoTracking()
            .Where(a => a.Type == ActivityType.Meeting && a.Status != ActivityStatus.Cancelled)
            .Where(a => a.OwnerId == me || a.Participants.Any(p => p.UserId == me))
            .Where(a => a.StartsAt >= weekStart && a.StartsAt < weekEnd)
            .Select(a => new { a.Id, a.Subject, a.Type, a.Status, a.StartsAt, a.DurationMinutes, a.TimeZone, a.Location, a.AccountId, AccountName = a.Account!.Name })
            .ToListAsync(ct);
        var week = meetings
            .OrderBy(m => m.StartsAt).ThenBy(m => m.Id)
            .Select(m => new MyMeeting(m.Id, m.Subject, m.Type.ToIdentifier(), m.Status.ToIdentifier(), m.StartsAt, m.StartsAt.AddMinutes(m.DurationMinutes), m.TimeZone, m.Location, m.AccountId, m.AccountName))
            .ToList();
        var reminders = await Reminders.DueAsync(db, ct);
        var dayStart = StartOf(today, zone);
        var dayEnd = StartOf(today.AddDays(1), zone);
        return new MyWorkOverview(
            zone.Id,
            today,
            [.. tasks.Where(t => t.DueDate < today).Select(t => new MyTask(t.Id, t.Title, t.DueDate, t.DueAt, t.AccountId, t.AccountName, t.ActivityId))],
            [.. tasks.Where(t => t.DueDate == today).Select(t => new MyTask(t.Id, t.Title, t.DueDate, t.DueAt, t.AccountId, t.AccountName, t.ActivityId))],
            [.. week.Where(m => m.StartsAt >= dayStart && m.StartsAt < dayEnd)],
            week,
            reminders,
            await GoingColdAsync(db, me, coldAfterDays, ct),
            await QuietAsync(db, me, quietAfterDays, ct));
    }

    /// <summary>The people whose relationship the caller owns with no contact for <paramref name="coldAfterDays"/> days or more: the most influential first, then the longest silent (never first).</summary>
    private static async Task<ColdRelationships> GoingColdAsync(KeystoneDbContext db, Guid me, int coldAfterDays, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => c.RelationshipOwnerId == me)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.Title, c.Influence, c.AccountId, AccountName = c.Account!.Name })
            .ToListAsync(ct);
        var mine = db.Contacts.Where(c => c.RelationshipOwnerId == me).Select(c => c.Id);
        var last = await LastContact.ByContactAsync(db, db.ActivityContacts.AsNoTracking().Where(l => mine.Contains(l.ContactId)), ct);
        var cold = contacts
            .Select(c =>
            {
                var at = last.TryGetValue(c.Id, out var l) ? l : (DateTimeOffset?)null;
                return new ColdRelationship(c.Id, $"{c.FirstName} {c.LastName}".Trim(), c.Title, c.Influence, c.AccountId, c.AccountName, at, LastContact.DaysSince(now, at));
            })
            .Where(c => LastContact.IsCold(c.DaysSinceLastContact, coldAfterDays))
            .OrderByDescending(c => c.Influence ?? 0)
            .ThenByDescending(c => c.DaysSinceLastContact ?? int.MaxValue)
            .ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.ContactId)
            .ToList();
        return new ColdRelationships(coldAfterDays, cold.Count, [.. cold.Take(ListLimit)]);
    }

    /// <summary>The accounts the caller owns with no completed activity for <paramref name="quietAfterDays"/> days or more, the quietest (never first) first.</summary>
    private static async Task<QuietAccounts> QuietAsync(KeystoneDbContext db, Guid me, int quietAfterDays, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.OwnerId == me)
            .Select(a => new { a.Id, a.Name })
            .ToListAsync(ct);
        var owned = db.Accounts.Where(a => a.OwnerId == me).Select(a => a.Id);
        // Held in memory: SQLite cannot aggregate the instants it stores as ticks.
        var completed = await db.Activities.AsNoTracking()
            .Where(a => a.Status == ActivityStatus.Completed && owned.Contains(a.AccountId))
            .Select(a => new { a.AccountId, a.StartsAt })
            .ToListAsync(ct);
        var last = completed.GroupBy(a => a.AccountId).ToDictionary(g => g.Key, g => g.Max(a => a.StartsAt));
        var quiet = accounts
            .Select(a =>
            {
                var at = last.TryGetValue(a.Id, out var l) ? l : (DateTimeOffset?)null;
                return new QuietAccount(a.Id, a.Name, at, LastContact.DaysSince(now, at));
            })
            .Where(a => a.DaysSinceLastActivity is not { } days || days >= quietAfterDays)
            .OrderByDescending(a => a.DaysSinceLastActivity ?? int.MaxValue)
            .ThenBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.AccountId)
            .ToList();
        return new QuietAccounts(quietAfterDays, quiet.Count, [.. quiet.Take(ListLimit)]);
    }

    internal static TimeZoneInfo Zone(Validator v, string? timeZone)
    {
        var id = v.TimeZone("timeZone", timeZone);
        return id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>The instant a local day begins in a zone (at the first valid time when a clock change skips midnight).</summary>
    internal static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) =>
        LocalTime.InZone(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone).ToUniversalTime();
}
