namespace Keystone.Core.Kpis;

/// <summary>
/// The KPIs of one scope in one period: the raw counts and sums, from which every rate is derived,
/// so that nothing is rounded before it is shown.
/// </summary>
/// <param name="NetRevenue">The scope's net revenue in <c>P</c>: the sum over its accounts, negative ones included.</param>
/// <param name="PreviousNetRevenue">The same in <c>P-1</c>.</param>
/// <param name="AdditionalOfferings">Offerings bought for the first time in <c>P</c> (KPIS.md, "Additional services purchased").</param>
/// <param name="RevenueTarget">The scope's revenue target for <c>P</c>, when one is set.</param>
public sealed record KpiSnapshot(
    Period Period,
    CustomerRetention Customers,
    RevenueRetention RevenueRetention,
    decimal NetRevenue,
    decimal PreviousNetRevenue,
    int AdditionalOfferings,
    GrossMargin GrossMargin,
    GrossMargin PreviousGrossMargin,
    decimal? RevenueTarget = null)
{
    /// <summary><c>E = |A(P)|</c>.</summary>
    public int Active => Customers.End;

    public decimal? RetentionRate => Customers.RetentionRate;

    public decimal? LogoChurnRate => Customers.ChurnRate;

    public decimal? Grr => RevenueRetention.Grr;

    public decimal? Nrr => RevenueRetention.Nrr;

    public decimal? RevenueGrowth => KpiMath.Growth(NetRevenue, PreviousNetRevenue);

    public decimal? GrossMarginGrowth => GrossMargin.Growth(GrossMargin, PreviousGrossMargin);

    public decimal? RevenueAttainment => KpiMath.Attainment(NetRevenue, RevenueTarget);

    /// <summary>The snapshot of a scope from one row per account (revenue) and per account and offering (purchases).</summary>
    /// <param name="period"><c>P</c>; the revenue rows hold <c>P-1</c> and <c>P</c>.</param>
    public static KpiSnapshot Compute(
        Period period,
        ReadOnlySpan<AccountRevenue> revenue,
        ReadOnlySpan<OfferingPurchase> purchases = default,
        GrossMargin grossMargin = default,
        GrossMargin previousGrossMargin = default,
        decimal? revenueTarget = null)
    {
        decimal current = 0, previous = 0;
        foreach (ref readonly var account in revenue)
        {
            current += account.Current;
            previous += account.Previous;
        }
        return new(
            period,
            CustomerRetention.Compute(revenue),
            RevenueRetention.Compute(revenue),
            current,
            previous,
            Kpis.AdditionalOfferings.Count(purchases),
            grossMargin,
            previousGrossMargin,
            revenueTarget);
    }
}
