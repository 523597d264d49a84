using System.Globalization;
using Keystone.Core.Targets;
using Keystone.Web.Kpis;

namespace Keystone.Web.Targets;

/// <summary>How a target metric's value reads: money in the reporting currency, a rate as a percentage, a count whole.</summary>
public static class TargetFormat
{
    public static string Value(string unit, decimal? value, string currency) => unit switch
    {
        "money" => KpiFormat.Money(value, currency),
        "rate" => KpiFormat.Percent(value),
        _ => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : KpiFormat.Undefined,
    };

    public static string Value(TargetMetric metric, decimal? value, string currency) =>
        Value(metric.Unit().ToString().ToLowerInvariant(), value, currency);

    public static string Factor(decimal factor) => KpiFormat.Percent(factor);

    public static string Rule(string rule) => rule switch
    {
        "no-attainment" => "no attainment: pays 0",
        "below-threshold" => "below threshold: pays 0",
        "linear" => "as attained",
        "accelerated" => "accelerated",
        "capped" => "capped",
        _ => rule,
    };
}
