using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Users;

namespace Keystone.Core.Access;

/// <summary>
/// What an actor may do to records they can see. What they can see at all is decided by the
/// query filters of <see cref="Data.KeystoneDbContext"/>, which use the same <see cref="Actor"/>.
/// </summary>
public static class AccessRules
{
    public static bool CanCreateAccounts(this Actor actor) =>
        actor.IsSystem || actor.Role.CanOwnAccounts();

    /// <summary>Chooses someone other than themselves as an account's owner.</summary>
    public static bool CanAssignOwners(this Actor actor) =>
        actor.IsSystem || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam;

    /// <summary>Edits an account's own fields, its team and its external ids.</summary>
    public static bool CanEdit(this Actor actor, Account account)
    {
        if (actor.IsSystem || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam)
        {
            return true;
        }
        if (actor.Role is not (KeystoneRole.SeniorKam or KeystoneRole.JuniorKam))
        {
            return false;
        }
        return IsInPortfolio(actor, account);
    }

    /// <summary>Sets an account's tier without a request: the head of KAM and administrators, who also decide tier requests.</summary>
    public static bool CanSetTierDirectly(this Actor actor) =>
        actor.IsSystem || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam;

    /// <summary>Approves or refuses tier requests.</summary>
    public static bool CanDecideTierRequests(this Actor actor) => CanSetTierDirectly(actor);

    /// <summary>Asks for a promotion or demotion of an account: whoever may edit it.</summary>
    public static bool CanRequestTierChange(this Actor actor, Account account) =>
        !actor.IsSystem && CanEdit(actor, account);

    public static bool CanDelete(this Actor actor, Account account) =>
        actor.IsSystem
        || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam
        || (actor.Role is KeystoneRole.SeniorKam or KeystoneRole.JuniorKam && actor.VisibleUserIds.Contains(account.OwnerId));

    /// <summary>Adds and edits the people of an account: KAMs of the account and contributors on its team.</summary>
    public static bool CanEditContactsOf(this Actor actor, Account account) =>
        CanEdit(actor, account) || (actor.Role == KeystoneRole.Contributor && IsInPortfolio(actor, account));

    /// <summary>Imports invoice lines and exchange rates: they touch every account's revenue, so only those who see all accounts may.</summary>
    public static bool CanImportRevenue(this Actor actor) =>
        actor.IsSystem || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam;

    /// <summary>
    /// Edits the product catalogue and sees its standard costs: a product's offering and costs change every
    /// account's additional offerings and gross margin, so the same people as for imports.
    /// </summary>
    public static bool CanManageProducts(this Actor actor) => CanImportRevenue(actor);

    /// <summary>Converts every stored amount to another reporting currency: a setting of the whole installation.</summary>
    public static bool CanConvertRevenue(this Actor actor) =>
        actor.IsSystem || actor.Role == KeystoneRole.Administrator;

    public static bool CanManageUsers(this Actor actor) =>
        actor.IsSystem || actor.Role == KeystoneRole.Administrator;

    public static bool CanRevokeAnyToken(this Actor actor) =>
        actor.IsSystem || actor.Role == KeystoneRole.Administrator;

    private static bool IsInPortfolio(Actor actor, Account account) =>
        actor.VisibleUserIds.Contains(account.OwnerId)
        || account.TeamMembers.Any(m => actor.VisibleUserIds.Contains(m.UserId));

    public static void Demand(bool allowed, string message)
    {
        if (!allowed)
        {
            throw new ForbiddenException(message);
        }
    }
}
