using Keystone.Core.Accounts;
using Keystone.Core.Common;

namespace Keystone.Core.Portfolio;

/// <summary>
/// An account's entry in the key-account selection matrix: its relationship stage, its available
/// three-year sales and (in <see cref="SelectionScore"/> rows) its current score per criterion. Its
/// <see cref="Version"/> guards scoring: two people scoring the same account cannot overwrite each other.
/// </summary>
public sealed class AccountSelection : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }

    public RelationshipStage? Stage { get; set; }

    /// <summary>What the account could buy from us over the next three years, in the reporting currency.</summary>
    public decimal? AvailableSales { get; set; }

    /// <summary>
    /// The latest position snapshot. It changes with every change of a score or of the stage, so that
    /// such a change always moves the version (scores are rows of their own) and shows in the audit trail.
    /// </summary>
    public Guid? LatestPositionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    public Account? Account { get; set; }

    Guid IAudited.AuditAccountId => AccountId;
}

/// <summary>An account's current score on one criterion, with who gave it, when and why.</summary>
public sealed class SelectionScore
{
    public Guid AccountId { get; set; }

    /// <summary>The criterion's key (<see cref="SelectionCriterion.Key"/>).</summary>
    public string Criterion { get; set; } = "";

    /// <summary>0 to 10.</summary>
    public int Score { get; set; }

    public string Reason { get; set; } = "";
    public Guid? ScoredById { get; set; }
    public DateTimeOffset ScoredAt { get; set; }

    public Account? Account { get; set; }
}

/// <summary>
/// Where an account stood after a change of its scores or stage: a snapshot, computed with the
/// settings of that moment. Only ever inserted; the account's position history is the list of them.
/// </summary>
public sealed class SelectionPosition
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ById { get; set; }
    public RelationshipStage? Stage { get; set; }

    /// <summary>Null while the axis is not fully scored.</summary>
    public decimal? Attractiveness { get; set; }

    public decimal? Strength { get; set; }

    /// <summary>Null while the account is not fully scored.</summary>
    public Quadrant? Quadrant { get; set; }

    public decimal CutOff { get; set; }

    public List<SelectionScoreChange> Changes { get; set; } = [];

    public Account? Account { get; set; }
}

/// <summary>One score given, changed or cleared, as part of the change that made <see cref="PositionId"/>.</summary>
public sealed class SelectionScoreChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Guid PositionId { get; set; }
    public string Criterion { get; set; } = "";
    public int? OldScore { get; set; }

    /// <summary>Null: the score was cleared.</summary>
    public int? NewScore { get; set; }

    public string? Reason { get; set; }

    public Account? Account { get; set; }
}
