using Keystone.Core.Accounts;

namespace Keystone.Core.Tests.Accounts;

public sealed class AccountTiersTests
{
    public static TheoryData<AccountTier> Tiers() => [.. Enum.GetValues<AccountTier>()];

    [Theory, MemberData(nameof(Tiers))]
    public void Every_tier_parses_back_from_its_identifier_in_any_case(AccountTier tier)
    {
        var identifier = tier.ToIdentifier();

        Assert.True(AccountTiers.TryParse(identifier, out var parsed));
        Assert.Equal(tier, parsed);
        Assert.True(AccountTiers.TryParse(identifier.ToUpperInvariant() + " ", out parsed));
        Assert.Equal(tier, parsed);
        Assert.False(string.IsNullOrWhiteSpace(tier.DisplayName()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("platinum")]
    [InlineData("KeyAccount")]
    public void Anything_else_is_no_tier(string? identifier)
    {
        Assert.False(AccountTiers.TryParse(identifier, out _));
    }

    [Fact]
    public void Identifiers_are_the_documented_ones()
    {
        Assert.Equal(["strategic", "key", "managed", "standard"], Enum.GetValues<AccountTier>().Select(t => t.ToIdentifier()));
    }

    [Fact]
    public void A_new_account_is_a_standard_one()
    {
        Assert.Equal(AccountTier.Standard, new Account().Tier);
    }
}
