using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>A task as the API returns it. <see cref="CanSetStatus"/>: the caller may change its status and reminder (its assignee may, without editing the rest).</summary>
public sealed record TaskDetails(
    Guid Id,
    AccountRef Account,
    string Title,
    string? Notes,
    DateOnly DueDate,
    DateTimeOffset? DueAt,
    string Status,
    UserRef? Assignee,
    Guid? ActivityId,
    DateTimeOffset? ReminderAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset CreatedAt,
    UserRef? CreatedBy,
    DateTimeOffset UpdatedAt,
    UserRef? UpdatedBy,
    int Version,
    bool CanEdit,
    bool CanSetStatus)
{
    internal static async Task<WorkTask> FindAsync(KeystoneDbContext db, Guid id, bool tracked, CancellationToken ct)
    {
        var query = db.WorkTasks.Include(t => t.Account!).ThenInclude(a => a.TeamMembers);
        return await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException("Task", id);
    }

    internal static async Task<TaskDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        var task = await FindAsync(db, id, tracked: false, ct);
        var account = task.Account!;
        var userIds = new[] { task.AssigneeId, task.CreatedById, task.UpdatedById }.OfType<Guid>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        return new TaskDetails(
            task.Id,
            new AccountRef(account.Id, account.Name),
            task.Title,
            task.Notes,
            task.DueDate,
            task.DueAt,
            task.Status.ToString().ToLowerInvariant(),
            users.GetValueOrDefault(task.AssigneeId),
            task.ActivityId,
            task.ReminderAt,
            task.CompletedAt,
            task.CreatedAt,
            task.CreatedById is { } c ? users.GetValueOrDefault(c) : null,
            task.UpdatedAt,
            task.UpdatedById is { } u ? users.GetValueOrDefault(u) : null,
            task.Version,
            db.Actor.CanLogActivitiesOn(account),
            db.Actor.CanSetStatusOf(task, account));
    }
}

public static class GetTask
{
    public static Task<TaskDetails> HandleAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default) =>
        TaskDetails.LoadAsync(db, id, ct);
}

public static class CreateTask
{
    public static async Task<TaskDetails> HandleAsync(KeystoneDbContext db, TaskInput input, CancellationToken ct = default)
    {
        AccessRules.Demand(!db.Actor.IsReadOnly, "Your role reads Keystone but cannot add tasks.");
        var task = new WorkTask();
        await input.ApplyToAsync(db, task, isNew: true, ct);
        db.WorkTasks.Add(task);
        await db.SaveChangesAsync(ct);
        return await TaskDetails.LoadAsync(db, task.Id, ct);
    }
}
