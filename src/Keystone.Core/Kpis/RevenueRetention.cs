namespace Keystone.Core.Kpis;

/// <summary>
/// Gross and net revenue retention of a scope from <c>P-1</c> to <c>P</c> (KPIS.md, "Revenue retention
/// (GRR, NRR)"). The cohort is <c>C = A(P-1)</c>; for each of its accounts <c>r0 = revenue(P-1)</c> and
/// <c>r1 = max(revenue(P), 0)</c>. New and reactivated accounts never enter. All parts are sums over
/// accounts, so the figures of disjoint scopes add up with <c>+</c>.
/// </summary>
/// <param name="StartingRevenue">Σ <c>r0</c>: the denominator of GRR and NRR.</param>
/// <param name="Churned">Σ <c>r0</c> where <c>r1 = 0</c>.</param>
/// <param name="Contraction">Σ <c>(r0 − r1)</c> where <c>0 &lt; r1 &lt; r0</c>.</param>
/// <param name="Expansion">Σ <c>(r1 − r0)</c> where <c>r1 &gt; r0</c>.</param>
public readonly record struct RevenueRetention(decimal StartingRevenue, decimal Churned, decimal Contraction, decimal Expansion)
{
    /// <summary>Σ <c>min(r0, r1)</c>: the numerator of GRR.</summary>
    public decimal RetainedRevenue => StartingRevenue - Churned - Contraction;

    /// <summary>Σ <c>r1</c>: the numerator of NRR.</summary>
    public decimal EndingRevenue => RetainedRevenue + Expansion;

    /// <summary>Σ <c>min(r0, r1)</c> / Σ <c>r0</c>, never above 1; null for an empty cohort.</summary>
    public decimal? Grr => KpiMath.Ratio(RetainedRevenue, StartingRevenue);

    /// <summary>Σ <c>r1</c> / Σ <c>r0</c>; null for an empty cohort.</summary>
    public decimal? Nrr => KpiMath.Ratio(EndingRevenue, StartingRevenue);

    /// <summary><c>1 − GRR</c>.</summary>
    public decimal? GrossRevenueChurn => 1 - Grr;

    /// <summary><c>1 − NRR</c>, negative when expansion outweighs churn and contraction.</summary>
    public decimal? NetRevenueChurn => 1 - Nrr;

    public static RevenueRetention Compute(ReadOnlySpan<AccountRevenue> accounts)
    {
        decimal start = 0, churned = 0, contraction = 0, expansion = 0;
        foreach (ref readonly var account in accounts)
        {
            if (!account.WasActive)
            {
                continue;
            }
            var r0 = account.Previous;
            var r1 = Math.Max(account.Current, 0);
            start += r0;
            if (r1 == 0)
            {
                churned += r0;
            }
            else if (r1 < r0)
            {
                contraction += r0 - r1;
            }
            else
            {
                expansion += r1 - r0;
            }
        }
        return new(start, churned, contraction, expansion);
    }

    public static RevenueRetention operator +(RevenueRetention left, RevenueRetention right) => Add(left, right);

    /// <summary>The figures of two disjoint scopes taken together.</summary>
    public static RevenueRetention Add(RevenueRetention left, RevenueRetention right) => new(
        left.StartingRevenue + right.StartingRevenue,
        left.Churned + right.Churned,
        left.Contraction + right.Contraction,
        left.Expansion + right.Expansion);
}
