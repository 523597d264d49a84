namespace Keystone.Core.Kpis;

/// <summary>
/// The arithmetic every KPI shares. A ratio over an empty denominator is null (shown as "—"),
/// never 0 or 100 % (KPIS.md, introduction); rounding happens only for display.
/// </summary>
public static class KpiMath
{
    public static decimal? Ratio(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : numerator / denominator;

    public static decimal? Ratio(int numerator, int denominator) =>
        denominator == 0 ? null : (decimal)numerator / denominator;

    /// <summary>
    /// <c>(x(P) − x(P-1)) / |x(P-1)|</c> (KPIS.md, "Profitability"): dividing by the absolute value keeps
    /// the sign meaning "better" when the previous figure was negative. Null when <c>x(P-1)</c> is 0.
    /// </summary>
    public static decimal? Growth(decimal current, decimal previous) =>
        previous == 0 ? null : (current - previous) / Math.Abs(previous);

    /// <summary><c>actual / target</c> (KPIS.md, "Profitability"); null when there is no target or it is 0.</summary>
    public static decimal? Attainment(decimal? actual, decimal? target) =>
        actual is { } a && target is { } t && t != 0 ? a / t : null;

    /// <summary>Rounds for display only, half away from zero (KPIS.md, "Periods, scope, money").</summary>
    public static decimal Round(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <inheritdoc cref="Round(decimal, int)"/>
    public static decimal? Round(decimal? value, int decimals) =>
        value is { } v ? Round(v, decimals) : null;
}
