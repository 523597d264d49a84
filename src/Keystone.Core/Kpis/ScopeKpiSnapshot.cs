namespace Keystone.Core.Kpis;

/// <summary>
/// The KPIs of one period of a set of accounts (a KAM's or a team's) as the engine computed them at
/// <see cref="Revision"/> of the revenue; used only while that is still the current revision and the
/// scope still holds exactly that set of accounts (ADR 0016).
/// </summary>
public sealed class ScopeKpiSnapshot
{
    /// <summary>The set of accounts the figures are of: <see cref="ScopeSnapshots.AccountSetKey"/>.</summary>
    public string AccountSet { get; set; } = "";

    public PeriodGranularity Granularity { get; set; }

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; set; }

    public long Revision { get; set; }

    /// <summary>The exact figures, as JSON (<see cref="CompanySnapshots"/>' form).</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset ComputedAt { get; set; }
}
