using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Users;

namespace Keystone.Core.Activities;

/// <summary>The access rules of activities and tasks, next to those of <see cref="AccessRules"/> that they build on.</summary>
public static class ActivityAccess
{
    /// <summary>Logs and edits activities and tasks of an account: the KAMs of the account and contributors on its team.</summary>
    public static bool CanLogActivitiesOn(this Actor actor, Account account) => actor.CanEditContactsOf(account);

    /// <summary>Whether the actor sees the account at all, as the query filters decide it.</summary>
    public static bool CanSee(this Actor actor, Account account) =>
        actor.SeesAll
        || actor.VisibleUserIds.Contains(account.OwnerId)
        || account.TeamMembers.Any(m => actor.VisibleUserIds.Contains(m.UserId));

    /// <summary>
    /// Hands a task to <paramref name="assignee"/>: oneself, a junior one manages (or anyone, for those
    /// who see every account), or a contributor on the account's team. The assignee must see the account
    /// and be able to act on it: read-only viewers get no tasks.
    /// </summary>
    public static bool CanAssignTask(this Actor actor, Account account, Actor assignee) =>
        assignee.CanSee(account)
        && !assignee.IsReadOnly
        && (assignee.UserId == actor.UserId
            || actor.SeesAll
            || (assignee.UserId is { } id && actor.VisibleUserIds.Contains(id))
            || (assignee.Role == KeystoneRole.Contributor && account.TeamMembers.Any(m => m.UserId == assignee.UserId)));

    /// <summary>The assignee may move their own task along (open, done, cancelled) and set its reminder; editing it is for the account's editors.</summary>
    public static bool CanSetStatusOf(this Actor actor, WorkTask task, Account account) =>
        (task.AssigneeId == actor.UserId && !actor.IsReadOnly) || actor.CanLogActivitiesOn(account);

    /// <summary>Counts meetings and calls of a KAM: their own, those of people they manage, or anyone's for those who see all.</summary>
    public static bool CanSeeActivityCountsOf(this Actor actor, Guid userId) =>
        actor.SeesAll || actor.VisibleUserIds.Contains(userId);
}
