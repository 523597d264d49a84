using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

/// <summary>The hand-computed cases of KPIS.md, "Minimum test cases for retention", and the edges around them.</summary>
public sealed class RetentionTests
{
    private static readonly Guid A = Id(1), B = Id(2), C = Id(3), D = Id(4), E = Id(5), F = Id(6);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    // The table of KPIS.md: P-1 and P revenue per account.
    private static readonly AccountRevenue[] Table =
    [
        new(A, 100, 100),
        new(B, 100, 150),
        new(C, 100, 40),
        new(D, 100, 0),
        new(E, 100, -20),
        new(F, 0, 80),
    ];

    [Fact]
    public void The_table_of_kpis_md_gives_60_percent_retention_and_40_percent_churn()
    {
        var customers = CustomerRetention.Compute(Table);

        Assert.Equal(5, customers.Start);
        Assert.Equal(4, customers.End);
        Assert.Equal(1, customers.Arrived);
        Assert.Equal(3, customers.Retained);
        Assert.Equal(2, customers.Churned);
        Assert.Equal(1, customers.New);
        Assert.Equal(0, customers.Reactivated);
        Assert.Equal(0.6m, customers.RetentionRate);
        Assert.Equal(0.4m, customers.ChurnRate);
        Assert.Equal((decimal)(customers.End - customers.Arrived) / customers.Start, customers.RetentionRate);
    }

    [Fact]
    public void The_table_of_kpis_md_gives_48_percent_grr_and_58_percent_nrr()
    {
        var revenue = RevenueRetention.Compute(Table);

        Assert.Equal(500m, revenue.StartingRevenue);
        Assert.Equal(200m, revenue.Churned);        // d 100, e 100 (the credit note counts as 0, not −20)
        Assert.Equal(60m, revenue.Contraction);     // c
        Assert.Equal(50m, revenue.Expansion);       // b
        Assert.Equal(240m, revenue.RetainedRevenue); // 100 + 100 + 40
        Assert.Equal(290m, revenue.EndingRevenue);   // 100 + 150 + 40; f is outside the cohort
        Assert.Equal(0.48m, revenue.Grr);
        Assert.Equal(0.58m, revenue.Nrr);
        Assert.Equal(0.52m, revenue.GrossRevenueChurn);
        Assert.Equal(0.42m, revenue.NetRevenueChurn);
    }

    [Fact]
    public void The_worked_check_of_kpis_md_gives_85_percent_grr_and_103_percent_nrr()
    {
        // Start 10.0M: one account contracts by 0.6M, one churns 0.9M, one expands by 1.8M.
        AccountRevenue[] accounts =
        [
            new(A, 5_000_000m, 4_400_000m),
            new(B, 900_000m, 0m),
            new(C, 4_100_000m, 5_900_000m),
            new(D, 0m, 2_000_000m), // new: must not lift NRR
        ];

        var revenue = RevenueRetention.Compute(accounts);

        Assert.Equal(new RevenueRetention(10_000_000m, 900_000m, 600_000m, 1_800_000m), revenue);
        Assert.Equal(0.85m, revenue.Grr);
        Assert.Equal(1.03m, revenue.Nrr);
        Assert.Equal(-0.03m, revenue.NetRevenueChurn);
        Assert.Equal(0.15m, revenue.GrossRevenueChurn);
    }

    [Fact]
    public void An_account_starting_in_the_middle_of_the_previous_period_is_in_the_cohort_with_its_part_revenue()
    {
        var march = Period.OfMonth(2011, 3);
        // First invoice on 15 February: half a month of revenue, then a full month in March.
        var accounts = Aggregate(march, [(A, new DateOnly(2011, 2, 15), 50m), (A, new DateOnly(2011, 3, 2), 100m)]);

        var customers = CustomerRetention.Compute(accounts);
        var revenue = RevenueRetention.Compute(accounts);

        Assert.Equal(new CustomerRetention(Retained: 1, Churned: 0, New: 0, Reactivated: 0), customers);
        Assert.Equal(50m, revenue.Expansion);
        Assert.Equal(1m, revenue.Grr);
        Assert.Equal(2m, revenue.Nrr);
    }

    [Fact]
    public void An_account_starting_in_the_middle_of_the_period_is_new_and_outside_the_cohort()
    {
        var march = Period.OfMonth(2011, 3);
        var accounts = Aggregate(march, [(A, new DateOnly(2011, 2, 1), 100m), (B, new DateOnly(2011, 3, 20), 70m)]);

        var customers = CustomerRetention.Compute(accounts);
        var revenue = RevenueRetention.Compute(accounts);

        Assert.Equal(new CustomerRetention(Retained: 0, Churned: 1, New: 1, Reactivated: 0), customers);
        Assert.Equal(new RevenueRetention(100m, 100m, 0m, 0m), revenue);
        Assert.Equal(0m, revenue.Nrr);
    }

    [Fact]
    public void An_account_back_after_a_gap_is_reactivated_not_new()
    {
        AccountRevenue[] accounts = [new(A, 100, 100), new(F, 0, 80, ActiveBeforePrevious: true)];

        var customers = CustomerRetention.Compute(accounts);

        Assert.Equal(1, customers.Reactivated);
        Assert.Equal(0, customers.New);
        Assert.Equal(1, customers.Arrived);
        Assert.Equal(1m, customers.RetentionRate);
        Assert.Equal(new RevenueRetention(100m, 0m, 0m, 0m), RevenueRetention.Compute(accounts));
    }

    [Fact]
    public void Having_been_active_long_ago_does_not_matter_to_an_account_active_in_the_previous_period()
    {
        AccountRevenue[] accounts = [new(A, 100, 0, ActiveBeforePrevious: true), new(B, 100, 120, ActiveBeforePrevious: true)];

        Assert.Equal(new CustomerRetention(Retained: 1, Churned: 1, New: 0, Reactivated: 0), CustomerRetention.Compute(accounts));
    }

    [Fact]
    public void A_credit_note_alone_is_not_activity()
    {
        var march = Period.OfMonth(2011, 3);
        // Only a credit note in February, only a credit note in March.
        var accounts = Aggregate(march, [(A, new DateOnly(2011, 2, 10), -30m), (B, new DateOnly(2011, 3, 10), -20m)]);

        var customers = CustomerRetention.Compute(accounts);
        var revenue = RevenueRetention.Compute(accounts);

        Assert.Equal(default, customers);
        Assert.Null(customers.RetentionRate);
        Assert.Equal(default, revenue);
        Assert.Null(revenue.Grr);
    }

    [Fact]
    public void A_credit_note_in_the_period_churns_the_whole_starting_revenue()
    {
        AccountRevenue[] accounts = [new(E, 100, -20)];

        var revenue = RevenueRetention.Compute(accounts);

        Assert.Equal(100m, revenue.Churned);
        Assert.Equal(0m, revenue.Contraction);
        Assert.Equal(0m, revenue.Grr);
        Assert.Equal(0m, revenue.Nrr);
    }

    [Fact]
    public void An_invoice_cancelled_in_the_same_period_leaves_zero_revenue_and_no_activity()
    {
        var march = Period.OfMonth(2011, 3);
        var accounts = Aggregate(march, [(A, new DateOnly(2011, 3, 3), 500m), (A, new DateOnly(2011, 3, 4), -500m), (B, new DateOnly(2011, 2, 3), 10m)]);

        var customers = CustomerRetention.Compute(accounts);

        Assert.Equal(new CustomerRetention(Retained: 0, Churned: 1, New: 0, Reactivated: 0), customers);
        Assert.Equal(0, customers.End);
    }

    [Fact]
    public void Zero_revenue_in_both_periods_changes_nothing()
    {
        AccountRevenue[] accounts = [new(A, 0, 0), new(B, 0, 0, ActiveBeforePrevious: true)];

        Assert.Equal(default, CustomerRetention.Compute(accounts));
        Assert.Equal(default, RevenueRetention.Compute(accounts));
    }

    [Fact]
    public void An_empty_scope_has_no_rates_at_all()
    {
        var customers = CustomerRetention.Compute([]);
        var revenue = RevenueRetention.Compute([]);

        Assert.Equal(0, customers.Start);
        Assert.Equal(0, customers.End);
        Assert.Null(customers.RetentionRate);
        Assert.Null(customers.ChurnRate);
        Assert.Null(revenue.Grr);
        Assert.Null(revenue.Nrr);
        Assert.Null(revenue.GrossRevenueChurn);
        Assert.Null(revenue.NetRevenueChurn);
    }

    [Fact]
    public void A_scope_with_only_new_accounts_has_no_rates_but_counts_them()
    {
        var customers = CustomerRetention.Compute([new AccountRevenue(F, 0, 80)]);

        Assert.Equal(1, customers.End);
        Assert.Equal(1, customers.New);
        Assert.Null(customers.RetentionRate);
        Assert.Null(customers.ChurnRate);
        Assert.Null(RevenueRetention.Compute([new AccountRevenue(F, 0, 80)]).Nrr);
    }

    [Fact]
    public void Sub_scopes_add_up_to_the_whole()
    {
        var whole = CustomerRetention.Compute(Table);
        var parts = CustomerRetention.Compute(Table.AsSpan(0, 2)) + CustomerRetention.Compute(Table.AsSpan(2));

        Assert.Equal(whole, parts);
        Assert.Equal(RevenueRetention.Compute(Table), RevenueRetention.Compute(Table.AsSpan(0, 3)) + RevenueRetention.Compute(Table.AsSpan(3)));
    }

    /// <summary>Sums dated invoice lines into P-1 and P per account, as the database-backed engine will.</summary>
    private static AccountRevenue[] Aggregate(Period period, (Guid Account, DateOnly Date, decimal Amount)[] lines)
    {
        var previous = period.Previous();
        return [.. lines
            .GroupBy(l => l.Account)
            .Select(g => new AccountRevenue(
                g.Key,
                g.Where(l => previous.Contains(l.Date)).Sum(l => l.Amount),
                g.Where(l => period.Contains(l.Date)).Sum(l => l.Amount),
                g.Where(l => l.Date < previous.Start).GroupBy(l => Period.For(l.Date, period.Granularity)).Any(p => p.Sum(l => l.Amount) > 0)))];
    }
}
