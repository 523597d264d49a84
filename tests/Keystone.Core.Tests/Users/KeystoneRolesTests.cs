using Keystone.Core.Users;

namespace Keystone.Core.Tests.Users;

public sealed class KeystoneRolesTests
{
    public static TheoryData<KeystoneRole> Roles() => [.. KeystoneRoles.All];

    [Theory, MemberData(nameof(Roles))]
    public void Every_role_parses_back_from_its_identifier_in_any_case(KeystoneRole role)
    {
        var identifier = role.ToIdentifier();

        Assert.True(KeystoneRoles.TryParse(identifier, out var parsed));
        Assert.Equal(role, parsed);
        Assert.True(KeystoneRoles.TryParse($" {identifier.ToUpperInvariant()} ", out parsed));
        Assert.Equal(role, parsed);
        Assert.False(string.IsNullOrWhiteSpace(role.DisplayName()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("admin")]
    [InlineData("HeadOfKam")]
    [InlineData("senior kam")]
    public void Anything_else_is_no_role(string? identifier)
    {
        Assert.False(KeystoneRoles.TryParse(identifier, out _));
    }

    [Fact]
    public void Identifiers_are_the_documented_ones_and_all_differ()
    {
        Assert.Equal(
            ["administrator", "head-of-kam", "senior-kam", "junior-kam", "contributor", "viewer"],
            KeystoneRoles.All.Select(r => r.ToIdentifier()));
    }

    [Fact]
    public void Only_key_account_managers_and_those_above_them_own_accounts()
    {
        Assert.Equal(
            [KeystoneRole.Administrator, KeystoneRole.HeadOfKam, KeystoneRole.SeniorKam, KeystoneRole.JuniorKam],
            KeystoneRoles.All.Where(r => r.CanOwnAccounts()));
    }
}
