namespace Keystone.Core.Users;

/// <summary>What a user may do in Keystone. Each user has exactly one role.</summary>
public enum KeystoneRole
{
    Administrator,
    HeadOfKam,
    SeniorKam,
    JuniorKam,
    Contributor,
    Viewer,
}

/// <summary>The stable identifiers of roles used by the CLI, the API and the claims.</summary>
public static class KeystoneRoles
{
    public const string Administrator = "administrator";
    public const string HeadOfKam = "head-of-kam";
    public const string SeniorKam = "senior-kam";
    public const string JuniorKam = "junior-kam";
    public const string Contributor = "contributor";
    public const string Viewer = "viewer";

    public static IReadOnlyList<KeystoneRole> All { get; } = Enum.GetValues<KeystoneRole>();

    public static string ToIdentifier(this KeystoneRole role) => role switch
    {
        KeystoneRole.Administrator => Administrator,
        KeystoneRole.HeadOfKam => HeadOfKam,
        KeystoneRole.SeniorKam => SeniorKam,
        KeystoneRole.JuniorKam => JuniorKam,
        KeystoneRole.Contributor => Contributor,
        KeystoneRole.Viewer => Viewer,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? identifier, out KeystoneRole role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToIdentifier(), identifier?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static string DisplayName(this KeystoneRole role) => role switch
    {
        KeystoneRole.Administrator => "Administrator",
        KeystoneRole.HeadOfKam => "Head of KAM",
        KeystoneRole.SeniorKam => "Senior KAM",
        KeystoneRole.JuniorKam => "Junior KAM",
        KeystoneRole.Contributor => "Contributor",
        KeystoneRole.Viewer => "Viewer",
        _ => role.ToString(),
    };

    /// <summary>Roles that may own accounts: the key account managers and those above them.</summary>
    public static bool CanOwnAccounts(this KeystoneRole role) =>
        role is KeystoneRole.JuniorKam or KeystoneRole.SeniorKam or KeystoneRole.HeadOfKam or KeystoneRole.Administrator;
}
