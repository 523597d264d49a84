using Keystone.Core.Access;
using Keystone.Core.Data;

namespace Keystone.Core.Activities;

public static class CreateActivity
{
    /// <summary>Logs an activity for the actor; its next steps become tasks in the same save.</summary>
    public static async Task<ActivityDetails> HandleAsync(KeystoneDbContext db, ActivityInput input, CancellationToken ct = default)
    {
        AccessRules.Demand(!db.Actor.IsReadOnly, "Your role reads Keystone but cannot log activities.");
        var activity = new Activity { OwnerId = db.Actor.RequireUserId() };
        var tasks = await input.ApplyToAsync(db, activity, isNew: true, ct);
        db.Activities.Add(activity);
        db.WorkTasks.AddRange(tasks);
        await db.SaveChangesAsync(ct);
        return await ActivityDetails.LoadAsync(db, activity.Id, ct);
    }
}
