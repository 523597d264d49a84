using Keystone.Core.Common;
using Keystone.Core.Teams;

namespace Keystone.Core.Tests.Teams;

public sealed class CapacityTests
{
    [Theory]
    [InlineData(1, 2, 25, false, false)]
    [InlineData(3, 0, 0, false, false)]
    [InlineData(2, 2, 0, true, false)]
    [InlineData(0, 4, 26, true, true)]
    [InlineData(0, 0, 26, false, true)]
    public void Strategic_and_key_accounts_count_together_against_their_capacity_managed_apart(
        int strategic, int key, int managed, bool overKey, bool overManaged)
    {
        Assert.Equal((overKey, overManaged), TeamLoad.Over(strategic, key, managed, new CapacityOptions()));
    }

    [Fact]
    public void The_defaults_are_three_strategic_or_key_and_twenty_five_managed()
    {
        var options = new CapacityOptions();

        Assert.Equal((3, 25), (options.StrategicOrKey, options.Managed));
    }

    [Fact]
    public void A_negative_capacity_names_the_setting()
    {
        var error = Assert.Throws<ValidationException>(() => new CapacityOptions { Managed = -1 }.Validate());

        Assert.Contains("Portfolio:Capacity:Managed", error.Errors.Keys);
    }
}
