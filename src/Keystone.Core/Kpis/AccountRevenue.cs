namespace Keystone.Core.Kpis;

/// <summary>
/// One account's net revenue in <c>P-1</c> and in <c>P</c>, in the reporting currency, credit notes
/// included in the period they are dated (KPIS.md, "Periods, scope, money"). A scope is given as one
/// row per account; an account with no line in either period may be left out, as it changes nothing
/// but the row count.
/// </summary>
/// <param name="ActiveBeforePrevious">
/// Whether the account was active (net revenue &gt; 0) in some period before <c>P-1</c>, at the same
/// granularity; it tells a reactivated account from a new one.
/// </param>
public readonly record struct AccountRevenue(Guid AccountId, decimal Previous, decimal Current, bool ActiveBeforePrevious = false)
{
    /// <summary>In <c>A(P-1)</c>, and so in the revenue cohort.</summary>
    public bool WasActive => Previous > 0;

    /// <summary>In <c>A(P)</c>.</summary>
    public bool IsActive => Current > 0;
}
