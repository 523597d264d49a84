using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public sealed record MyTask(Guid Id, string Title, DateOnly DueDate, DateTimeOffset? DueAt, Guid AccountId, string AccountName, Guid? ActivityId);

public sealed record MyMeeting(Guid Id, string Subject, string Type, string Status, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string? Location, Guid AccountId, string AccountName);

/// <summary>What is on the caller's plate: tasks overdue and due today, the meetings of today and of this week (Monday to Sunday), and the reminders that are due.</summary>
public sealed record MyWorkOverview(
    string TimeZone,
    DateOnly Today,
    IReadOnlyList<MyTask> Overdue,
    IReadOnlyList<MyTask> DueToday,
    IReadOnlyList<MyMeeting> MeetingsToday,
    IReadOnlyList<MyMeeting> MeetingsThisWeek,
    DueReminders RemindersDue);

public static class MyWork
{
    public static async Task<MyWorkOverview> HandleAsync(KeystoneDbContext db, string? timeZone, CancellationToken ct = default)
    {
        var v = new Validator();
        var zone = Zone(v, timeZone);
        v.ThrowIfInvalid();
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
            reminders);
    }

    internal static TimeZoneInfo Zone(Validator v, string? timeZone)
    {
        var id = v.TimeZone("timeZone", timeZone);
        return id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>The instant a local day begins in a zone (at the first valid time when a clock change skips midnight).</summary>
    internal static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
