using Keystone.Core.Common;

namespace Keystone.Core.Accounts;

/// <summary>
/// A KAM's request to move an account to another tier, with their reason, and the head of KAM's
/// decision on it. An account has at most one pending request at a time; decided and withdrawn
/// requests stay as the account's tier history.
/// </summary>
public sealed class TierRequest : IAudited
{
    public const int ReasonMaxLength = 2000;
    public const int NoteMaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }

    /// <summary>The tier the account was at when the request was made.</summary>
    public AccountTier FromTier { get; set; }

    public AccountTier ToTier { get; set; }
    public string Reason { get; set; } = "";
    public TierRequestStatus Status { get; set; } = TierRequestStatus.Pending;
    public Guid RequestedById { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The approver's note, or the requester's when they withdraw.</summary>
    public string? DecisionNote { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    Guid IAudited.AuditAccountId => AccountId;

    public bool IsPromotion => ToTier.Rank() > FromTier.Rank();
}

public enum TierRequestStatus
{
    Pending,
    Approved,
    Refused,
    Withdrawn,
}

public static class TierRequestStatuses
{
    public static string ToIdentifier(this TierRequestStatus status) => status switch
    {
        TierRequestStatus.Pending => "pending",
        TierRequestStatus.Approved => "approved",
        TierRequestStatus.Refused => "refused",
        TierRequestStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? identifier, out TierRequestStatus status)
    {
        foreach (var candidate in Enum.GetValues<TierRequestStatus>())
        {
            if (string.Equals(candidate.ToIdentifier(), identifier?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
