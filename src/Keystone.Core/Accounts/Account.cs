using Keystone.Core.Common;

namespace Keystone.Core.Accounts;

/// <summary>A customer organisation; key accounts are the few that earn a large share of the revenue.</summary>
public sealed class Account : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string? LegalName { get; set; }
    public string? Industry { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }

    /// <summary>IANA time zone of the account's head office.</summary>
    public string? TimeZone { get; set; }

    /// <summary>ISO 4217 code the account is invoiced in.</summary>
    public string? Currency { get; set; }

    public string? Website { get; set; }
    public AccountTier Tier { get; set; } = AccountTier.Standard;

    /// <summary>The key account manager responsible for the account.</summary>
    public Guid OwnerId { get; set; }

    /// <summary>The group this account belongs to, for hierarchies and global accounts.</summary>
    public Guid? ParentAccountId { get; set; }

    /// <summary>A group managed as one global account across its subsidiaries' countries; only a group (no parent) is.</summary>
    public bool IsGlobal { get; set; }

    public List<AccountTeamMember> TeamMembers { get; set; } = [];
    public List<AccountExternalId> ExternalIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    Guid IAudited.AuditAccountId => Id;
}

public enum AccountTier
{
    StrategicKeyAccount,
    KeyAccount,
    Managed,
    Standard,
}

/// <summary>A colleague working on the account, with their role on it (for example "Support lead").</summary>
public sealed class AccountTeamMember
{
    public Guid AccountId { get; set; }
    public Guid UserId { get; set; }
    public string Role { get; set; } = "";
}

/// <summary>The account's id in another system, such as the ERP or Salesforce.</summary>
public sealed class AccountExternalId
{
    public Guid AccountId { get; set; }
    public string Source { get; set; } = "";
    public string ExternalId { get; set; } = "";
}

public static class AccountTiers
{
    public static string ToIdentifier(this AccountTier tier) => tier switch
    {
        AccountTier.StrategicKeyAccount => "strategic",
        AccountTier.KeyAccount => "key",
        AccountTier.Managed => "managed",
        AccountTier.Standard => "standard",
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>Higher is more important: standard 0, managed 1, key 2, strategic 3.</summary>
    public static int Rank(this AccountTier tier) => tier switch
    {
        AccountTier.StrategicKeyAccount => 3,
        AccountTier.KeyAccount => 2,
        AccountTier.Managed => 1,
        _ => 0,
    };

    public static string DisplayName(this AccountTier tier) => tier switch
    {
        AccountTier.StrategicKeyAccount => "Strategic key account",
        AccountTier.KeyAccount => "Key account",
        AccountTier.Managed => "Managed",
        AccountTier.Standard => "Standard",
        _ => tier.ToString(),
    };

    public static bool TryParse(string? identifier, out AccountTier tier)
    {
        foreach (var candidate in Enum.GetValues<AccountTier>())
        {
            if (string.Equals(candidate.ToIdentifier(), identifier?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                tier = candidate;
                return true;
            }
        }
        tier = default;
        return false;
    }
}
