namespace Keystone.Core.Kpis;

/// <summary>
/// The company's KPIs of one period as the engine computed them at <see cref="Revision"/> of the
/// revenue (<see cref="RevenueRevision"/>); used only while that is still the current revision (ADR 0012).
/// </summary>
public sealed class CompanyKpiSnapshot
{
    public PeriodGranularity Granularity { get; set; }

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; set; }

    public long Revision { get; set; }

    /// <summary>The exact figures, as JSON (<see cref="CompanySnapshots"/>).</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset ComputedAt { get; set; }
}
