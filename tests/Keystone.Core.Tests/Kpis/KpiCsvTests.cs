using System.Globalization;
using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

public sealed class KpiCsvTests
{
    private static readonly Period March = Period.OfMonth(2011, 3);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    // The table of KPIS.md, "Minimum test cases for retention".
    private static readonly AccountRevenue[] Table =
    [
        new(Id(1), 100, 100),
        new(Id(2), 100, 150),
        new(Id(3), 100, 40),
        new(Id(4), 100, 0),
        new(Id(5), 100, -20),
        new(Id(6), 0, 80),
    ];

    [Fact]
    public void The_header_names_the_columns_of_the_kpi_command()
    {
        Assert.Equal("period,active,retained,new,reactivated,retention,logo_churn,grr,nrr,revenue,additional_offerings", KpiCsv.Header);
    }

    [Fact]
    public void The_table_of_kpis_md_as_a_row()
    {
        OfferingPurchase[] purchases = [new(Id(2), Id(100), 1, BoughtBefore: false, AccountActiveBefore: true)];
        var snapshot = KpiSnapshot.Compute(March, Table, purchases, revenueTarget: 400m);

        Assert.Equal("2011-03,4,3,1,0,0.6000,0.4000,0.4800,0.5800,350.00,1", KpiCsv.FormatRow(snapshot));
        Assert.Equal(350m, snapshot.NetRevenue);          // the credit note of e counts here: 100 + 150 + 40 + 0 − 20 + 80
        Assert.Equal(500m, snapshot.PreviousNetRevenue);
        Assert.Equal(-0.3m, snapshot.RevenueGrowth);
        Assert.Equal(0.875m, snapshot.RevenueAttainment);
        Assert.Equal(KpiCsv.Header.Split(',').Length, KpiCsv.FormatRow(snapshot).Split(',').Length);
    }

    [Fact]
    public void An_empty_scope_leaves_every_rate_empty()
    {
        var snapshot = KpiSnapshot.Compute(March, []);

        Assert.Equal("2011-03,0,0,0,0,,,,,0.00,0", KpiCsv.FormatRow(snapshot));
        Assert.Null(snapshot.RevenueGrowth);
        Assert.Null(snapshot.RevenueAttainment);
        Assert.Null(snapshot.GrossMarginGrowth);
    }

    [Fact]
    public void Rates_are_rounded_half_away_from_zero_to_four_decimals_only_in_the_row()
    {
        // Cohort 3,644.5 + 6,355.4 + 0.1 = 10,000. Retention 1/3 and churn 2/3; GRR 0.36445 is 0.3645
        // half away from zero (0.3644 by banker's rounding); NRR 0.36446.
        AccountRevenue[] accounts =
        [
            new(Id(1), 3_644.5m, 3_644.6m),
            new(Id(2), 6_355.4m, 0m),
            new(Id(3), 0.1m, 0m),
        ];
        var snapshot = KpiSnapshot.Compute(Period.OfQuarter(2011, 1), accounts);

        Assert.Equal("2011-Q1,1,1,0,0,0.3333,0.6667,0.3645,0.3645,3644.60,0", KpiCsv.FormatRow(snapshot));
        Assert.Equal(0.36445m, snapshot.Grr);
        Assert.Equal(0.36446m, snapshot.Nrr);
        Assert.Equal(1m / 3, snapshot.RetentionRate);
    }

    [Theory]
    [InlineData(1234.565, "1234.57")]
    [InlineData(-1234.565, "-1234.57")]
    [InlineData(0.005, "0.01")]
    [InlineData(-0.004, "0.00")]
    [InlineData(1234567.8, "1234567.80")]
    public void Revenue_has_two_decimals_no_group_separator_and_no_negative_zero(decimal revenue, string expected)
    {
        var snapshot = KpiSnapshot.Compute(Period.OfYear(2011), [new AccountRevenue(Id(1), 0m, revenue)]);

        Assert.EndsWith($",{expected},0", KpiCsv.FormatRow(snapshot), StringComparison.Ordinal);
    }

    [Fact]
    public void The_row_is_the_same_in_any_culture()
    {
        var snapshot = KpiSnapshot.Compute(March, Table);
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("2011-03,4,3,1,0,0.6000,0.4000,0.4800,0.5800,350.00,0", KpiCsv.FormatRow(snapshot));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void A_reactivated_account_has_its_own_column()
    {
        var snapshot = KpiSnapshot.Compute(March, [new AccountRevenue(Id(1), 0m, 80m, ActiveBeforePrevious: true)]);

        Assert.Equal("2011-03,1,0,0,1,,,,,80.00,0", KpiCsv.FormatRow(snapshot));
    }

    [Fact]
    public void The_snapshot_carries_the_gross_margin_and_its_growth()
    {
        var snapshot = KpiSnapshot.Compute(
            March,
            Table,
            grossMargin: GrossMargin.Compute([new MarginLine(10, 12m, 7m, null)]),
            previousGrossMargin: GrossMargin.Compute([new MarginLine(10, 12m, null, 8m)]));

        Assert.Equal(50m, snapshot.GrossMargin.Value);
        Assert.Equal(40m, snapshot.PreviousGrossMargin.Value);
        Assert.Equal(0.25m, snapshot.GrossMarginGrowth);
    }
}
