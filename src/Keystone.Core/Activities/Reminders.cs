using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>A reminder whose time has come, on an open task of the caller.</summary>
public sealed record DueReminder(Guid Id, string Title, DateTimeOffset ReminderAt, DateOnly DueDate, DateTimeOffset? DueAt, Guid AccountId, string AccountName);

/// <summary>The caller's reminders that are due, the earliest first; <see cref="Total"/> counts them all when the list is cut short.</summary>
public sealed record DueReminders(int Total, IReadOnlyList<DueReminder> Items);

/// <summary>
/// Reminders on tasks. A reminder is due when its task is open, assigned to the caller and its
/// reminder time has passed; it stays due until the task is done or cancelled, or the reminder is
/// cleared or moved later. Keystone sends no email: reminders show in the app (the badge in the app
/// bar, "Reminders due" on My work) and as an alarm in the calendar feed.
/// </summary>
public static class Reminders
{
    public const int MaxListed = 100;

    public static async Task<DueReminders> DueAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        var due = Due(db);
        var total = await due.CountAsync(ct);
        var items = await due
            .OrderBy(t => t.ReminderAt).ThenBy(t => t.Id)
            .Take(MaxListed)
            .Select(t => new DueReminder(t.Id, t.Title, t.ReminderAt!.Value, t.DueDate, t.DueAt, t.AccountId, t.Account!.Name))
            .ToListAsync(ct);
        return new DueReminders(total, items);
    }

    /// <summary>How many of the caller's reminders are due: the number on the badge.</summary>
    public static Task<int> CountDueAsync(KeystoneDbContext db, CancellationToken ct = default) => Due(db).CountAsync(ct);

    private static IQueryable<WorkTask> Due(KeystoneDbContext db)
    {
        var me = db.Actor.RequireUserId();
        var now = db.Clock.GetUtcNow();
        return db.WorkTasks.AsNoTracking()
            .Where(t => t.AssigneeId == me && t.Status == WorkTaskStatus.Open && t.ReminderAt != null && t.ReminderAt <= now);
    }
}
