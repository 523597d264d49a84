namespace Keystone.Core.Kpis;

/// <summary>
/// Customer (logo) retention and churn of a scope from <c>P-1</c> to <c>P</c> (KPIS.md,
/// "Customer (logo) retention and churn"). The four counts partition <c>A(P-1) ∪ A(P)</c>, so the
/// figures of disjoint scopes add up with <c>+</c>.
/// </summary>
/// <param name="Retained">Active in both periods: <c>|A(P-1) ∩ A(P)|</c>.</param>
/// <param name="Churned">Active in <c>P-1</c> only: <c>|A(P-1) \ A(P)|</c>.</param>
/// <param name="New">Active in <c>P</c>, never active before.</param>
/// <param name="Reactivated">Active in <c>P</c>, not in <c>P-1</c>, but in some period before it.</param>
public readonly record struct CustomerRetention(int Retained, int Churned, int New, int Reactivated)
{
    /// <summary><c>S = |A(P-1)|</c>.</summary>
    public int Start => Retained + Churned;

    /// <summary><c>E = |A(P)|</c>.</summary>
    public int End => Retained + New + Reactivated;

    /// <summary><c>N = |A(P) \ A(P-1)|</c>, new plus reactivated.</summary>
    public int Arrived => New + Reactivated;

    /// <summary><c>(E − N) / S</c>; null when <c>S = 0</c>.</summary>
    public decimal? RetentionRate => KpiMath.Ratio(Retained, Start);

    /// <summary>
    /// <c>|A(P-1) \ A(P)| / |A(P-1)|</c>, taken as <c>1 − retention</c> (the same number by KPIS.md) so
    /// that the two always add up to exactly 100 %; null when <c>S = 0</c>.
    /// </summary>
    public decimal? ChurnRate => 1 - RetentionRate;

    public static CustomerRetention Compute(ReadOnlySpan<AccountRevenue> accounts)
    {
        int retained = 0, churned = 0, @new = 0, reactivated = 0;
        foreach (ref readonly var account in accounts)
        {
            switch (account.WasActive, account.IsActive)
            {
                case (true, true):
                    retained++;
                    break;
                case (true, false):
                    churned++;
                    break;
                case (false, true) when account.ActiveBeforePrevious:
                    reactivated++;
                    break;
                case (false, true):
                    @new++;
                    break;
            }
        }
        return new(retained, churned, @new, reactivated);
    }

    public static CustomerRetention operator +(CustomerRetention left, CustomerRetention right) => Add(left, right);

    /// <summary>The figures of two disjoint scopes taken together.</summary>
    public static CustomerRetention Add(CustomerRetention left, CustomerRetention right) => new(
        left.Retained + right.Retained,
        left.Churned + right.Churned,
        left.New + right.New,
        left.Reactivated + right.Reactivated);
}
