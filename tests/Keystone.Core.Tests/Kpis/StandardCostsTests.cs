using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

/// <summary>The product's standard cost for a line's date (KPIS.md, "Profitability"), by hand.</summary>
public sealed class StandardCostsTests
{
    private static readonly Guid Widget = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Gadget = Guid.Parse("00000000-0000-0000-0000-000000000002");

    private static readonly StandardCosts Costs = new(
    [
        new ProductCostRow(Widget, "EUR", new DateOnly(2024, 1, 1), 6m),
        new ProductCostRow(Widget, "EUR", new DateOnly(2024, 7, 1), 7.5m),
        new ProductCostRow(Widget, "usd", new DateOnly(2024, 1, 1), 8m),
        new ProductCostRow(Gadget, "EUR", new DateOnly(2024, 3, 15), 2m),
    ]);

    [Theory]
    [InlineData("2024-01-01", 6)]
    [InlineData("2024-06-30", 6)]
    [InlineData("2024-07-01", 7.5)]
    [InlineData("2031-12-31", 7.5)]
    public void The_cost_effective_on_the_date_applies(string date, decimal expected) =>
        Assert.Equal(expected, Costs.UnitCost(Widget, "EUR", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void No_cost_before_the_first_effective_date_nor_in_another_currency_nor_for_another_product()
    {
        Assert.Null(Costs.UnitCost(Widget, "EUR", new DateOnly(2023, 12, 31)));
        Assert.Null(Costs.UnitCost(Gadget, "EUR", new DateOnly(2024, 3, 14)));
        Assert.Null(Costs.UnitCost(Gadget, "USD", new DateOnly(2024, 6, 1)));
        Assert.Null(Costs.UnitCost(Guid.NewGuid(), "EUR", new DateOnly(2024, 6, 1)));
    }

    [Fact]
    public void The_cost_in_the_lines_currency_is_converted_with_the_lines_rate_and_rounded_as_a_line_cost()
    {
        // 3 × 8 USD × 0.92345 EUR/USD = 22.1628 EUR; currency codes match whatever their case.
        Assert.Equal(22.1628m, Costs.CostAmount(Widget, "USD", new DateOnly(2024, 2, 1), 3m, 0.92345m));
        // 1 × 7.5 × 0.33333 = 2.499975 → 2.5000 (half away from zero, 4 decimals).
        Assert.Equal(2.5m, Costs.CostAmount(Widget, "EUR", new DateOnly(2024, 8, 1), 1m, 0.33333m));
        // A credit note: −2 × 6 = −12.
        Assert.Equal(-12m, Costs.CostAmount(Widget, "EUR", new DateOnly(2024, 2, 1), -2m, 1m));
        Assert.Null(Costs.CostAmount(Gadget, "EUR", new DateOnly(2024, 1, 1), 1m, 1m));
    }

    [Fact]
    public void Gross_margin_of_lines_with_own_and_standard_costs_by_hand()
    {
        // Line 1: 2 × (10 − own 4) = 12. Line 2: 3 × (10 − standard 6) = 12. Line 3 (credit): −1 × (10 − 6) = −4.
        var standard = Costs.UnitCost(Widget, "EUR", new DateOnly(2024, 2, 1));
        MarginLine[] lines =
        [
            new(2m, 10m, 4m, standard),
            new(3m, 10m, null, standard),
            new(-1m, 10m, null, standard),
        ];
        Assert.Equal(20m, GrossMargin.Compute(lines).Value);
    }
}
