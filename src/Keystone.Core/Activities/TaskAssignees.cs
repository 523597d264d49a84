using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>
/// The people the caller may hand a task on an account to, by the rule of
/// <see cref="ActivityAccess.CanAssignTask"/>: the caller first, then the others by name. Empty for
/// those who may not add tasks to the account.
/// </summary>
public static class TaskAssignees
{
    public static async Task<IReadOnlyList<UserRef>> HandleAsync(KeystoneDbContext db, Guid accountId, CancellationToken ct = default)
    {
        var account = await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new NotFoundException("Account", accountId);
        if (!db.Actor.CanLogActivitiesOn(account))
        {
            return [];
        }
        // One read of the management tree instead of one per candidate: each candidate's actor is
        // built as ActorLoader would build it, from the same rows.
        var users = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.DisplayName, u.Role, u.ManagerId, u.IsActive })
            .ToListAsync(ct);
        var byManager = users.Where(u => u.ManagerId is not null).ToLookup(u => u.ManagerId!.Value, u => u.Id);
        var assignable = new List<(UserRef User, bool IsMe)>();
        foreach (var user in users.Where(u => u.IsActive))
        {
            var candidate = Actor.ForUser(user.Id, user.Role, ActorLoader.Managed(user.Id, byManager));
            if (db.Actor.CanAssignTask(account, candidate))
            {
                assignable.Add((new UserRef(user.Id, user.DisplayName), user.Id == db.Actor.UserId));
            }
        }
        return [.. assignable.OrderByDescending(a => a.IsMe).ThenBy(a => a.User.DisplayName, StringComparer.CurrentCulture).Select(a => a.User)];
    }
}
