namespace Keystone.Core.Kpis;

/// <summary>
/// The company's meetings and calls in one period of the reporting time zone <see cref="TimeZone"/>,
/// counted at <see cref="Revision"/> of the activities (<see cref="ActivityRevision"/>, ADR 0012).
/// </summary>
public sealed class CompanyMeetingCount
{
    public PeriodGranularity Granularity { get; set; }

    public DateOnly Start { get; set; }

    public string TimeZone { get; set; } = "";

    public long Revision { get; set; }

    public int Count { get; set; }
}
