using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

public sealed class AccountSetKeyTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("c0000000-0000-0000-0000-000000000000");

    [Fact]
    public void A_set_has_one_key_whatever_the_order_or_repetition_of_its_ids()
    {
        var key = ScopeSnapshots.AccountSetKey([A, B, C]);
        Assert.Equal(key, ScopeSnapshots.AccountSetKey([C, A, B]));
        Assert.Equal(key, ScopeSnapshots.AccountSetKey([B, C, A, B]));
        Assert.Equal(64, key.Length);
        Assert.Matches("^[0-9a-f]{64}$", key);
    }

    [Fact]
    public void Another_set_has_another_key()
    {
        var keys = new[]
        {
            ScopeSnapshots.AccountSetKey([]),
            ScopeSnapshots.AccountSetKey([A]),
            ScopeSnapshots.AccountSetKey([B]),
            ScopeSnapshots.AccountSetKey([A, B]),
            ScopeSnapshots.AccountSetKey([A, B, C]),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
