using Keystone.Core.Access;
using Keystone.Core.Accounts;

namespace Keystone.Core.Portfolio;

/// <summary>The access rules of the selection matrix, next to those of <see cref="AccessRules"/> that they build on.</summary>
public static class PortfolioAccess
{
    /// <summary>
    /// Scores an account, sets its stage and available sales: whoever may edit the account (its owner
    /// and team KAMs, their managers, the head of KAM, administrators). Viewers and contributors read only.
    /// </summary>
    public static bool CanScore(this Actor actor, Account account) => actor.CanEdit(account);
}
