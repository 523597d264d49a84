using Keystone.Core.Common;

namespace Keystone.Core.Tests.Common;

public sealed class OptionalTests
{
    [Fact]
    public void Absent_null_and_a_value_are_three_different_things()
    {
        Optional<string?> absent = default;
        Optional<string?> cleared = new(null);
        Optional<string?> set = "value";

        Assert.False(absent.IsSet);
        Assert.Throws<InvalidOperationException>(() => absent.Value);
        Assert.Equal("fallback", absent.GetValueOrDefault("fallback"));
        Assert.True(cleared.IsSet);
        Assert.Null(cleared.Value);
        Assert.Null(cleared.GetValueOrDefault("fallback"));
        Assert.True(set.IsSet);
        Assert.Equal("value", set.Value);
        Assert.False(Optional<int>.Unset.IsSet);
    }
}
