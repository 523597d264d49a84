using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

/// <summary>Cohort retention by month of first purchase, on a table computed by hand.</summary>
public sealed class CohortRetentionTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid D = Guid.Parse("00000000-0000-0000-0000-00000000000d");
    private static readonly Guid E = Guid.Parse("00000000-0000-0000-0000-00000000000e");

    private static AccountMonth M(Guid account, int month, decimal revenue) => new(account, Period.OfMonth(2024, month), revenue);

    // Jan: a, b and c buy first (c only through two lines netting to 50); d has a credit note only.
    // Feb: a buys, b pauses, c returns everything (−50 + 20 = −30), d buys for the first time.
    // Mar: a and b buy (b is back), d buys; e buys for the first time.
    // Apr: nothing at all.
    private static readonly AccountMonth[] Months =
    [
        M(A, 1, 100), M(B, 1, 10), M(C, 1, 80), M(C, 1, -30), M(D, 1, -5),
        M(A, 2, 100), M(C, 2, -50), M(C, 2, 20), M(D, 2, 40),
        M(A, 3, 100), M(B, 3, 10), M(D, 3, 40), M(E, 3, 1),
    ];

    [Fact]
    public void Each_cohort_counts_its_accounts_active_in_each_month_since()
    {
        var cohorts = CohortRetention.Compute(Months, Period.OfMonth(2024, 1), Period.OfMonth(2024, 4));

        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04"], cohorts.Select(c => c.Month));
        // January: a, b, c. Month 1 (Feb): a only. Month 2 (Mar): a and b. Month 3 (Apr): none.
        Assert.Equal(3, cohorts[0].Size);
        Assert.Equal([3, 1, 2, 0], cohorts[0].Active);
        Assert.Equal([1m, 1m / 3, 2m / 3, 0m], Enumerable.Range(0, 4).Select(k => cohorts[0].Share(k)));
        // February: d (its January credit note was not a purchase). Mar: d; Apr: none.
        Assert.Equal(1, cohorts[1].Size);
        Assert.Equal([1, 1, 0], cohorts[1].Active);
        // March: e; April: none.
        Assert.Equal(1, cohorts[2].Size);
        Assert.Equal([1, 0], cohorts[2].Active);
        // April: nobody started; the share of an empty cohort is undefined, never 0 or 100 %.
        Assert.Equal(0, cohorts[3].Size);
        Assert.Equal([0], cohorts[3].Active);
        Assert.Null(cohorts[3].Share(0));
        Assert.Null(cohorts[0].Share(4));
    }

    [Fact]
    public void A_cohort_before_the_range_is_left_out_and_an_account_counts_in_its_first_month_only()
    {
        var cohorts = CohortRetention.Compute(Months, Period.OfMonth(2024, 2), Period.OfMonth(2024, 3));

        Assert.Equal(["2024-02", "2024-03"], cohorts.Select(c => c.Month));
        Assert.Equal([1, 1], cohorts[0].Active);
        Assert.Equal([1], cohorts[1].Active);
    }
}
