using Keystone.Core.Access;
using Keystone.Core.Users;

namespace Keystone.Core.Tests.Access;

public sealed class ActorTests
{
    [Fact]
    public void A_user_sees_themselves_first_and_everyone_they_manage_once()
    {
        var me = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        var actor = Actor.ForUser(me, KeystoneRole.SeniorKam, [first, me, second, first]);

        Assert.Equal([me, first, second], actor.VisibleUserIds);
        Assert.Equal(me, actor.UserId);
        Assert.Equal(me, actor.RequireUserId());
        Assert.False(actor.IsSystem);
    }

    [Fact]
    public void A_user_who_manages_no_one_sees_only_themselves()
    {
        var me = Guid.NewGuid();

        Assert.Equal([me], Actor.ForUser(me, KeystoneRole.JuniorKam, []).VisibleUserIds);
    }

    [Theory]
    [InlineData(KeystoneRole.Administrator, true, false)]
    [InlineData(KeystoneRole.HeadOfKam, true, false)]
    [InlineData(KeystoneRole.SeniorKam, false, false)]
    [InlineData(KeystoneRole.JuniorKam, false, false)]
    [InlineData(KeystoneRole.Contributor, false, false)]
    [InlineData(KeystoneRole.Viewer, true, true)]
    public void Who_sees_every_account_and_who_only_reads(KeystoneRole role, bool seesAll, bool readOnly)
    {
        var actor = Actor.ForUser(Guid.NewGuid(), role, []);

        Assert.Equal(seesAll, actor.SeesAll);
        Assert.Equal(readOnly, actor.IsReadOnly);
        Assert.Equal(role, actor.Role);
    }

    [Fact]
    public void The_system_sees_all_writes_all_and_is_no_user()
    {
        Assert.True(Actor.System.IsSystem);
        Assert.True(Actor.System.SeesAll);
        Assert.False(Actor.System.IsReadOnly);
        Assert.Null(Actor.System.UserId);
        Assert.Throws<InvalidOperationException>(() => Actor.System.RequireUserId());
    }

    [Fact]
    public void The_current_actor_cannot_be_read_before_it_is_set()
    {
        var current = new CurrentActor();

        Assert.False(current.IsSet);
        Assert.Throws<InvalidOperationException>(() => current.Actor);
        current.Set(Actor.System);
        Assert.True(current.IsSet);
        Assert.Same(Actor.System, current.Actor);
    }
}
