using Keystone.Core.Common;

namespace Keystone.Core.Targets;

/// <summary>Whose target it is: a KAM's portfolio, an account, or a team (a KAM and everyone they manage).</summary>
public enum TargetScopeKind
{
    Kam,
    Account,
    Team,
}

/// <summary>
/// What a KAM, an account or a team should reach on one metric in one period (a month, quarter or
/// year). Money is in the reporting currency, rates are fractions (0.95 = 95 %), counts are whole.
/// </summary>
public sealed class Target : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public TargetScopeKind ScopeKind { get; set; }

    /// <summary>The KAM (or the team's lead) for <see cref="TargetScopeKind.Kam"/> and <see cref="TargetScopeKind.Team"/>.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The account for <see cref="TargetScopeKind.Account"/>.</summary>
    public Guid? AccountId { get; set; }

    /// <summary>
    /// <c>kam:ID</c>, <c>team:ID</c> or <c>account:ID</c>: one non-null column, so that "one target per
    /// scope, metric and period" is a plain unique index on both databases (NULLs never collide).
    /// </summary>
    public string ScopeKey { get; set; } = "";

    public TargetMetric Metric { get; set; }

    /// <summary>The period as written: <c>2026-07</c>, <c>2026-Q3</c> or <c>2026</c>.</summary>
    public string Period { get; set; } = "";

    public decimal Value { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    public Accounts.Account? Account { get; set; }

    // Targets of a KAM or a team belong to no account; their history is kept under the empty id.
    Guid IAudited.AuditAccountId => AccountId ?? Guid.Empty;

    public static string KeyOf(TargetScopeKind kind, Guid id) => $"{kind.ToString().ToLowerInvariant()}:{id}";
}
