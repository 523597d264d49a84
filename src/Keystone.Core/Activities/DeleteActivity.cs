using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public static class DeleteActivity
{
    /// <summary>Removes an activity; the tasks that came from it stay, no longer linked to it.</summary>
    public static async Task HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, CancellationToken ct = default)
    {
        var activity = await ActivityDetails.FindAsync(db, id, tracked: true, ct);
        AccessRules.Demand(db.Actor.CanLogActivitiesOn(activity.Account!), "You can see this activity but not remove it; ask the account's owner.");
        if (expectedVersion is { } expected && activity.Version != expected)
        {
            throw new ConcurrencyConflictException("Activity", id, activity.Version);
        }
        var tasks = await db.WorkTasks.IgnoreQueryFilters().Where(t => t.ActivityId == id).ToListAsync(ct);
        foreach (var task in tasks)
        {
            task.ActivityId = null;
        }
        db.Activities.Remove(activity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Activity", id, -1);
        }
    }
}
