using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public static class UpdateTask
{
    public static async Task<TaskDetails> HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, TaskInput input, CancellationToken ct = default)
    {
        var task = await TaskDetails.FindAsync(db, id, tracked: true, ct);
        var account = task.Account!;
        AccessRules.Demand(
            db.Actor.CanLogActivitiesOn(account) || (input.IsStatusOnly && db.Actor.CanSetStatusOf(task, account)),
            task.AssigneeId == db.Actor.UserId
                ? "As its assignee you may change the task's status and reminder; its other fields are for the account's team to change."
                : "You can see this task but not change it; ask the account's owner to add you to its team.");
        if (expectedVersion is { } expected && task.Version != expected)
        {
            throw new ConcurrencyConflictException("Task", id, task.Version);
        }
        await input.ApplyToAsync(db, task, isNew: false, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.WorkTasks.AsNoTracking().Where(t => t.Id == id).Select(t => t.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Task", id, current);
        }
        return await TaskDetails.LoadAsync(db, id, ct);
    }
}

public static class DeleteTask
{
    public static async Task HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, CancellationToken ct = default)
    {
        var task = await TaskDetails.FindAsync(db, id, tracked: true, ct);
        AccessRules.Demand(db.Actor.CanLogActivitiesOn(task.Account!), "You can see this task but not remove it; ask the account's owner.");
        if (expectedVersion is { } expected && task.Version != expected)
        {
            throw new ConcurrencyConflictException("Task", id, task.Version);
        }
        db.WorkTasks.Remove(task);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Task", id, -1);
        }
    }
}
