using Keystone.Core.Accounts;

namespace Keystone.Core.Tests.Accounts;

public sealed class AccountHierarchyTests
{
    // group → (de → berlin), (fr); loner stands apart.
    private static readonly Guid Group = Guid.NewGuid(), De = Guid.NewGuid(), Berlin = Guid.NewGuid(), Fr = Guid.NewGuid(), Loner = Guid.NewGuid();

    private static Dictionary<Guid, Guid?> Parents() => new()
    {
        [Group] = null,
        [De] = Group,
        [Berlin] = De,
        [Fr] = Group,
        [Loner] = null,
    };

    private static ILookup<Guid, Guid> Children(Dictionary<Guid, Guid?> parents) =>
        parents.Where(p => p.Value is not null).ToLookup(p => p.Value!.Value, p => p.Key);

    [Fact]
    public void An_account_cannot_be_its_own_parent()
    {
        Assert.True(AccountHierarchy.WouldLoop(Group, Group, Parents()));
    }

    [Fact]
    public void A_subsidiary_at_any_depth_cannot_become_the_parent()
    {
        Assert.True(AccountHierarchy.WouldLoop(Group, De, Parents()));
        Assert.True(AccountHierarchy.WouldLoop(Group, Berlin, Parents()));
        Assert.True(AccountHierarchy.WouldLoop(De, Berlin, Parents()));
    }

    [Fact]
    public void Any_account_outside_the_subtree_can_become_the_parent()
    {
        Assert.False(AccountHierarchy.WouldLoop(Group, Loner, Parents()));
        Assert.False(AccountHierarchy.WouldLoop(Berlin, Fr, Parents()));
        Assert.False(AccountHierarchy.WouldLoop(De, Group, Parents()));
    }

    [Fact]
    public void A_loop_already_in_the_data_ends_the_check_instead_of_hanging_it()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var looped = new Dictionary<Guid, Guid?> { [a] = b, [b] = a };

        Assert.True(AccountHierarchy.WouldLoop(Guid.NewGuid(), a, looped));
    }

    [Fact]
    public void The_root_is_the_highest_ancestor_in_the_map()
    {
        Assert.Equal(Group, AccountHierarchy.RootOf(Berlin, Parents()));
        Assert.Equal(Loner, AccountHierarchy.RootOf(Loner, Parents()));

        // Without the group (out of sight), Berlin's tree starts at Germany.
        var visible = Parents();
        visible.Remove(Group);
        Assert.Equal(De, AccountHierarchy.RootOf(Berlin, visible));
    }

    [Fact]
    public void Counts_roll_up_to_every_node_and_subsidiaries_count_every_level()
    {
        var own = new Dictionary<Guid, HierarchyCounts>
        {
            [Group] = new(0, 1, 0, 2, 100m),
            [De] = new(0, 2, 1, 1, 250.50m),
            [Berlin] = new(0, 3, 2, 0, -20m),
            [Fr] = new(0, 4, 0, 5, 40m),
        };

        var rolled = AccountHierarchy.RollUp(Group, Children(Parents()), own);

        Assert.Equal(new HierarchyCounts(3, 10, 3, 8, 370.50m), rolled[Group]);
        Assert.Equal(new HierarchyCounts(1, 5, 3, 1, 230.50m), rolled[De]);
        Assert.Equal(own[Berlin], rolled[Berlin]);
        Assert.Equal(own[Fr], rolled[Fr]);
        Assert.False(rolled.ContainsKey(Loner));
    }

    [Fact]
    public void Descendants_come_parents_first()
    {
        var descendants = AccountHierarchy.Descendants(Group, Children(Parents()));

        Assert.Equal(3, descendants.Count);
        Assert.True(descendants.ToList().IndexOf(De) < descendants.ToList().IndexOf(Berlin));
    }

    [Theory]
    [InlineData(AccountTier.Standard, AccountTier.KeyAccount, true)]
    [InlineData(AccountTier.Managed, AccountTier.StrategicKeyAccount, true)]
    [InlineData(AccountTier.KeyAccount, AccountTier.StrategicKeyAccount, true)]
    [InlineData(AccountTier.StrategicKeyAccount, AccountTier.Managed, false)]
    [InlineData(AccountTier.KeyAccount, AccountTier.Standard, false)]
    public void A_request_to_a_higher_tier_is_a_promotion(AccountTier from, AccountTier to, bool promotion)
    {
        Assert.Equal(promotion, new TierRequest { FromTier = from, ToTier = to }.IsPromotion);
    }
}
