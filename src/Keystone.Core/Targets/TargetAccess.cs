using Keystone.Core.Access;
using Keystone.Core.Users;

namespace Keystone.Core.Targets;

/// <summary>
/// Who reads and sets targets and sees payouts (ADR 0005). A target's subject is its KAM, its team's
/// lead, or its account's owner.
/// </summary>
public static class TargetAccess
{
    /// <summary>The subject themself, anyone above them, and those who see every account (read-only for viewers).</summary>
    public static bool CanReadTargetsOf(this Actor actor, Guid subjectUserId) =>
        actor.SeesAll || actor.VisibleUserIds.Contains(subjectUserId);

    /// <summary>
    /// Administrators and heads of KAM set anyone's targets; a senior KAM sets those of the people they
    /// manage, never their own (nobody sets the bar they are paid on).
    /// </summary>
    public static bool CanSetTargetsOf(this Actor actor, Guid subjectUserId) =>
        actor.IsSystem
        || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam
        || (actor.Role == KeystoneRole.SeniorKam && subjectUserId != actor.UserId && actor.VisibleUserIds.Contains(subjectUserId));

    /// <summary>Pay plans are company policy: administrators and heads of KAM write them.</summary>
    public static bool CanManagePayPlans(this Actor actor) =>
        actor.IsSystem || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam;

    /// <summary>A payout is read like the targets it is computed from.</summary>
    public static bool CanSeePayoutOf(this Actor actor, Guid userId) => actor.CanReadTargetsOf(userId);
}
