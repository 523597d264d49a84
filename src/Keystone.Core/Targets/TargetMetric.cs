namespace Keystone.Core.Targets;

/// <summary>The KPIs a target (and a pay plan's component) can be set on.</summary>
public enum TargetMetric
{
    /// <summary>Net revenue in the reporting currency.</summary>
    Revenue,

    /// <summary>Gross margin in the reporting currency.</summary>
    GrossMargin,

    /// <summary>Customer (logo) retention rate, a fraction.</summary>
    Retention,

    /// <summary>Net revenue retention, a fraction.</summary>
    Nrr,

    /// <summary>Completed meetings and calls, a count.</summary>
    MeetingsAndCalls,

    /// <summary>Offerings bought for the first time, a count.</summary>
    AdditionalOfferings,
}

public enum MetricUnit
{
    Money,
    Rate,
    Count,
}

public static class TargetMetrics
{
    public static IReadOnlyList<TargetMetric> All { get; } = Enum.GetValues<TargetMetric>();

    public static string ToIdentifier(this TargetMetric metric) => metric switch
    {
        TargetMetric.Revenue => "revenue",
        TargetMetric.GrossMargin => "gross-margin",
        TargetMetric.Retention => "retention",
        TargetMetric.Nrr => "nrr",
        TargetMetric.MeetingsAndCalls => "meetings-and-calls",
        TargetMetric.AdditionalOfferings => "additional-offerings",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    public static string DisplayName(this TargetMetric metric) => metric switch
    {
        TargetMetric.Revenue => "Revenue",
        TargetMetric.GrossMargin => "Gross margin",
        TargetMetric.Retention => "Retention",
        TargetMetric.Nrr => "NRR",
        TargetMetric.MeetingsAndCalls => "Meetings and calls",
        TargetMetric.AdditionalOfferings => "Additional offerings",
        _ => metric.ToString(),
    };

    public static MetricUnit Unit(this TargetMetric metric) => metric switch
    {
        TargetMetric.Revenue or TargetMetric.GrossMargin => MetricUnit.Money,
        TargetMetric.Retention or TargetMetric.Nrr => MetricUnit.Rate,
        _ => MetricUnit.Count,
    };

    public static string Choices => string.Join(", ", All.Select(m => m.ToIdentifier()));

    public static bool TryParse(string? identifier, out TargetMetric metric)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToIdentifier(), identifier?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                metric = candidate;
                return true;
            }
        }
        metric = default;
        return false;
    }
}
