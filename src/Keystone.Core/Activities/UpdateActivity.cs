using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public static class UpdateActivity
{
    public static async Task<ActivityDetails> HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, ActivityInput input, CancellationToken ct = default)
    {
        var activity = await ActivityDetails.FindAsync(db, id, tracked: true, ct);
        AccessRules.Demand(db.Actor.CanLogActivitiesOn(activity.Account!), "You can see this activity but not change it; ask the account's owner to add you to its team.");
        if (expectedVersion is { } expected && activity.Version != expected)
        {
            throw new ConcurrencyConflictException("Activity", id, activity.Version);
        }
        var tasks = await input.ApplyToAsync(db, activity, isNew: false, ct);
        db.WorkTasks.AddRange(tasks);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Activities.AsNoTracking().Where(a => a.Id == id).Select(a => a.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Activity", id, current);
        }
        return await ActivityDetails.LoadAsync(db, id, ct);
    }
}
