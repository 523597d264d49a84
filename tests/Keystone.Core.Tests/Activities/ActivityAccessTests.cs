using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Users;

namespace Keystone.Core.Tests.Activities;

/// <summary>Who may be given a task on an account, and who may move it along.</summary>
public sealed class ActivityAccessTests
{
    private static readonly Guid SeniorId = Guid.NewGuid();
    private static readonly Guid JuniorId = Guid.NewGuid();
    private static readonly Guid OtherJuniorId = Guid.NewGuid();
    private static readonly Guid ContributorId = Guid.NewGuid();

    private static readonly Actor Senior = Actor.ForUser(SeniorId, KeystoneRole.SeniorKam, [JuniorId, OtherJuniorId]);
    private static readonly Actor Junior = Actor.ForUser(JuniorId, KeystoneRole.JuniorKam, []);
    private static readonly Actor OtherJunior = Actor.ForUser(OtherJuniorId, KeystoneRole.JuniorKam, []);
    private static readonly Actor Contributor = Actor.ForUser(ContributorId, KeystoneRole.Contributor, []);
    private static readonly Actor Head = Actor.ForUser(Guid.NewGuid(), KeystoneRole.HeadOfKam, []);
    private static readonly Actor Viewer = Actor.ForUser(Guid.NewGuid(), KeystoneRole.Viewer, []);

    /// <summary>The junior's account, with the contributor on its team.</summary>
    private static Account JuniorsAccount()
    {
        var account = new Account { Name = "Test", OwnerId = JuniorId };
        account.TeamMembers.Add(new AccountTeamMember { AccountId = account.Id, UserId = ContributorId, Role = "Support" });
        return account;
    }

    [Fact]
    public void A_senior_hands_work_to_a_junior_who_sees_the_account_but_not_to_one_who_does_not()
    {
        var account = JuniorsAccount();

        Assert.True(Senior.CanAssignTask(account, Senior));
        Assert.True(Senior.CanAssignTask(account, Junior));
        Assert.False(Senior.CanAssignTask(account, OtherJunior));
        Assert.True(Senior.CanAssignTask(account, Contributor));
    }

    [Fact]
    public void A_junior_gives_tasks_to_themselves_and_the_contributors_on_the_team_not_upwards()
    {
        var account = JuniorsAccount();

        Assert.True(Junior.CanAssignTask(account, Junior));
        Assert.True(Junior.CanAssignTask(account, Contributor));
        Assert.False(Junior.CanAssignTask(account, Senior));
    }

    [Fact]
    public void Nobody_gives_a_task_to_a_read_only_viewer_though_they_see_every_account()
    {
        var account = JuniorsAccount();

        Assert.True(Viewer.CanSee(account));
        Assert.False(Head.CanAssignTask(account, Viewer));
        Assert.True(Head.CanAssignTask(account, Junior));
    }

    [Fact]
    public void The_assignee_moves_their_task_along_but_a_viewer_never_does()
    {
        var account = JuniorsAccount();
        var forContributor = new WorkTask { AccountId = account.Id, AssigneeId = ContributorId };
        var forViewer = new WorkTask { AccountId = account.Id, AssigneeId = Viewer.UserId!.Value };

        Assert.True(Contributor.CanSetStatusOf(forContributor, account));
        Assert.True(Senior.CanSetStatusOf(forContributor, account));
        Assert.False(OtherJunior.CanSetStatusOf(forContributor, account));
        Assert.False(Viewer.CanSetStatusOf(forViewer, account));
    }
}
