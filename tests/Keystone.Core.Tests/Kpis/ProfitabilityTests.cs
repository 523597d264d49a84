using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

public sealed class ProfitabilityTests
{
    [Theory]
    [InlineData(110, 100, 0.1)]
    [InlineData(90, 100, -0.1)]
    [InlineData(100, 100, 0)]
    [InlineData(-50, -100, 0.5)]   // a loss halved is growth, hence |x(P-1)|
    [InlineData(-150, -100, -0.5)]
    [InlineData(50, -100, 1.5)]
    [InlineData(0, 100, -1)]
    public void Growth_divides_the_change_by_the_absolute_previous_value(decimal current, decimal previous, decimal expected)
    {
        Assert.Equal(expected, KpiMath.Growth(current, previous));
    }

    [Fact]
    public void Growth_from_zero_is_undefined()
    {
        Assert.Null(KpiMath.Growth(100, 0));
        Assert.Null(KpiMath.Growth(0, 0));
    }

    [Fact]
    public void Gross_margin_takes_the_line_cost_else_the_standard_cost()
    {
        MarginLine[] lines =
        [
            new(Quantity: 10, UnitPrice: 12.50m, UnitCost: 8m, StandardUnitCost: 9m),     // line cost wins: 45
            new(Quantity: 3, UnitPrice: 100m, UnitCost: null, StandardUnitCost: 70m),     // standard cost: 90
            new(Quantity: -2, UnitPrice: 12.50m, UnitCost: 8m, StandardUnitCost: null),   // a credit note: −9
            new(Quantity: 1, UnitPrice: 5m, UnitCost: 0m, StandardUnitCost: 4m),          // a zero line cost is a cost: 5
        ];

        var margin = GrossMargin.Compute(lines);

        Assert.Equal(131m, margin.Value);
        Assert.Equal(0, margin.UncostedLines);
        Assert.Equal(8m, lines[0].EffectiveUnitCost);
        Assert.Equal(70m, lines[1].EffectiveUnitCost);
        Assert.Equal(300m, lines[1].Revenue);
    }

    [Fact]
    public void A_line_with_no_cost_at_all_leaves_the_margin_undefined_rather_than_overstated()
    {
        MarginLine[] lines = [new(10, 12.50m, 8m, null), new(1, 99m, null, null)];

        var margin = GrossMargin.Compute(lines);

        Assert.Null(margin.Value);
        Assert.Equal(1, margin.UncostedLines);
        Assert.Equal(45m, margin.CostedAmount);
        Assert.Null(GrossMargin.Growth(margin, new GrossMargin(40m, 0)));
    }

    [Fact]
    public void No_lines_is_a_margin_of_zero_and_growth_from_it_is_undefined()
    {
        var none = GrossMargin.Compute([]);

        Assert.Equal(0m, none.Value);
        Assert.Null(GrossMargin.Growth(new GrossMargin(50m, 0), none));
        Assert.Equal(0.25m, GrossMargin.Growth(new GrossMargin(50m, 0), new GrossMargin(40m, 0)));
        Assert.Equal(new GrossMargin(90m, 1), new GrossMargin(50m, 0) + new GrossMargin(40m, 1));
    }

    [Theory]
    [InlineData(120, 100, 1.2)]
    [InlineData(0, 100, 0)]
    [InlineData(-10, 100, -0.1)]
    public void Attainment_is_actual_over_target(decimal actual, decimal target, decimal expected)
    {
        Assert.Equal(expected, KpiMath.Attainment(actual, target));
    }

    [Fact]
    public void Attainment_without_a_target_is_undefined()
    {
        Assert.Null(KpiMath.Attainment(120m, 0m));
        Assert.Null(KpiMath.Attainment(120m, null));
        Assert.Null(KpiMath.Attainment(null, 100m));
    }

    [Theory]
    [InlineData(0.36445, 4, 0.3645)]
    [InlineData(-0.36445, 4, -0.3645)]
    [InlineData(2.5, 0, 3)]
    [InlineData(-2.5, 0, -3)]
    [InlineData(0.005, 2, 0.01)]
    public void Display_rounding_is_half_away_from_zero(decimal value, int decimals, decimal expected)
    {
        Assert.Equal(expected, KpiMath.Round(value, decimals));
    }
}
