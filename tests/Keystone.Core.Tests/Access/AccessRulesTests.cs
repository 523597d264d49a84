using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Users;

namespace Keystone.Core.Tests.Access;

public sealed class AccessRulesTests
{
    private static readonly Guid Senior = Guid.NewGuid();
    private static readonly Guid Junior = Guid.NewGuid();
    private static readonly Guid Stranger = Guid.NewGuid();
    private static readonly Guid Colleague = Guid.NewGuid();

    /// <summary>Whose account it is, seen from each caller below.</summary>
    public enum Whose
    {
        Own,
        OfManagedJunior,
        OnOwnTeam,
        OnManagedJuniorsTeam,
        Foreign,
    }

    private static Actor Caller(KeystoneRole role) => role switch
    {
        KeystoneRole.SeniorKam => Actor.ForUser(Senior, role, [Junior]),
        KeystoneRole.JuniorKam => Actor.ForUser(Junior, role, []),
        KeystoneRole.Contributor => Actor.ForUser(Colleague, role, []),
        _ => Actor.ForUser(Guid.NewGuid(), role, []),
    };

    private static Account AccountFor(Actor caller, Whose whose)
    {
        var me = caller.UserId!.Value;
        var managed = caller.VisibleUserIds.FirstOrDefault(id => id != me);
        var account = new Account { Name = "Test", OwnerId = Stranger };
        switch (whose)
        {
            case Whose.Own:
                account.OwnerId = me;
                break;
            case Whose.OfManagedJunior:
                account.OwnerId = managed;
                break;
            case Whose.OnOwnTeam:
                account.TeamMembers.Add(new AccountTeamMember { AccountId = account.Id, UserId = me, Role = "Support" });
                break;
            case Whose.OnManagedJuniorsTeam:
                account.TeamMembers.Add(new AccountTeamMember { AccountId = account.Id, UserId = managed, Role = "Support" });
                break;
        }
        return account;
    }

    // Rows: the senior manages the junior; a contributor has no reports; "Foreign" is a stranger's account.
    [Theory]
    [InlineData(KeystoneRole.Administrator, Whose.Foreign, true, true, true)]
    [InlineData(KeystoneRole.HeadOfKam, Whose.Foreign, true, true, true)]
    [InlineData(KeystoneRole.SeniorKam, Whose.Own, true, true, true)]
    [InlineData(KeystoneRole.SeniorKam, Whose.OfManagedJunior, true, true, true)]
    [InlineData(KeystoneRole.SeniorKam, Whose.OnOwnTeam, true, false, true)]
    [InlineData(KeystoneRole.SeniorKam, Whose.OnManagedJuniorsTeam, true, false, true)]
    [InlineData(KeystoneRole.SeniorKam, Whose.Foreign, false, false, false)]
    [InlineData(KeystoneRole.JuniorKam, Whose.Own, true, true, true)]
    [InlineData(KeystoneRole.JuniorKam, Whose.OnOwnTeam, true, false, true)]
    [InlineData(KeystoneRole.JuniorKam, Whose.Foreign, false, false, false)]
    [InlineData(KeystoneRole.Contributor, Whose.OnOwnTeam, false, false, true)]
    [InlineData(KeystoneRole.Contributor, Whose.Foreign, false, false, false)]
    [InlineData(KeystoneRole.Viewer, Whose.Foreign, false, false, false)]
    [InlineData(KeystoneRole.Viewer, Whose.OnOwnTeam, false, false, false)]
    public void Who_may_edit_delete_and_edit_the_people_of_an_account(KeystoneRole role, Whose whose, bool edit, bool delete, bool contacts)
    {
        var caller = Caller(role);
        var account = AccountFor(caller, whose);

        Assert.Equal(edit, caller.CanEdit(account));
        Assert.Equal(delete, caller.CanDelete(account));
        Assert.Equal(contacts, caller.CanEditContactsOf(account));
    }

    [Theory]
    [InlineData(KeystoneRole.Administrator, true, true, true, true)]
    [InlineData(KeystoneRole.HeadOfKam, true, true, false, false)]
    [InlineData(KeystoneRole.SeniorKam, true, false, false, false)]
    [InlineData(KeystoneRole.JuniorKam, true, false, false, false)]
    [InlineData(KeystoneRole.Contributor, false, false, false, false)]
    [InlineData(KeystoneRole.Viewer, false, false, false, false)]
    public void Who_may_create_accounts_name_owners_manage_users_and_revoke_any_token(
        KeystoneRole role, bool createAccounts, bool assignOwners, bool manageUsers, bool revokeAnyToken)
    {
        var caller = Caller(role);

        Assert.Equal(createAccounts, caller.CanCreateAccounts());
        Assert.Equal(assignOwners, caller.CanAssignOwners());
        Assert.Equal(manageUsers, caller.CanManageUsers());
        Assert.Equal(revokeAnyToken, caller.CanRevokeAnyToken());
    }

    [Fact]
    public void The_system_may_do_everything()
    {
        var account = new Account { Name = "Any", OwnerId = Stranger };

        Assert.True(Actor.System.CanEdit(account));
        Assert.True(Actor.System.CanDelete(account));
        Assert.True(Actor.System.CanEditContactsOf(account));
        Assert.True(Actor.System.CanCreateAccounts());
        Assert.True(Actor.System.CanAssignOwners());
        Assert.True(Actor.System.CanManageUsers());
        Assert.True(Actor.System.CanRevokeAnyToken());
    }

    [Fact]
    public void A_senior_loses_the_juniors_accounts_when_the_junior_is_no_longer_managed()
    {
        var managing = Actor.ForUser(Senior, KeystoneRole.SeniorKam, [Junior]);
        var notManaging = Actor.ForUser(Senior, KeystoneRole.SeniorKam, []);
        var account = new Account { Name = "Junior's", OwnerId = Junior };

        Assert.True(managing.CanEdit(account));
        Assert.False(notManaging.CanEdit(account));
        Assert.False(notManaging.CanDelete(account));
    }

    [Fact]
    public void Demand_throws_a_forbidden_error_with_its_message_only_when_not_allowed()
    {
        AccessRules.Demand(true, "never thrown");

        var error = Assert.Throws<ForbiddenException>(() => AccessRules.Demand(false, "Ask the owner."));

        Assert.Equal("Ask the owner.", error.Message);
    }
}
