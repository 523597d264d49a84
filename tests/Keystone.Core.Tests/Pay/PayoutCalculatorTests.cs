using Keystone.Core.Pay;
using Keystone.Core.Targets;

namespace Keystone.Core.Tests.Pay;

/// <summary>
/// The payout formula of docs/pay.md, checked against amounts computed by hand. The plan: on-target pay
/// 10,000 a period; revenue 50 %, gross margin 30 %, meetings and calls 20 %; threshold 80 %; each point
/// above 100 % pays two points; no component pays more than 150 %.
/// </summary>
public sealed class PayoutCalculatorTests
{
    private static readonly PayTerms Plan = new(
        Threshold: 0.8m,
        Cap: 1.5m,
        Accelerator: 2m,
        [
            new PayComponent(TargetMetric.Revenue, 0.5m),
            new PayComponent(TargetMetric.GrossMargin, 0.3m),
            new PayComponent(TargetMetric.MeetingsAndCalls, 0.2m),
        ]);

    private static PayoutLine Line(PayoutCalculation calculation, TargetMetric metric) =>
        calculation.Lines.Single(l => l.Metric == metric.ToIdentifier());

    private static PayoutCalculation Compute(
        (decimal? Target, decimal? Actual) revenue, (decimal? Target, decimal? Actual) margin, (decimal? Target, decimal? Actual) meetings, decimal onTarget = 10_000m) =>
        PayoutCalculator.Compute(Plan, onTarget, new Dictionary<TargetMetric, (decimal?, decimal?)>
        {
            [TargetMetric.Revenue] = revenue,
            [TargetMetric.GrossMargin] = margin,
            [TargetMetric.MeetingsAndCalls] = meetings,
        });

    [Fact]
    public void Below_the_threshold_a_component_pays_nothing()
    {
        // 75,000 of 100,000 = 75 % < 80 %.
        var line = Line(Compute((100_000m, 75_000m), (40_000m, 40_000m), (20, 20)), TargetMetric.Revenue);

        Assert.Equal(0.75m, line.Attainment);
        Assert.Equal(0m, line.Factor);
        Assert.Equal("below-threshold", line.Rule);
        Assert.Equal(0m, line.Amount);
    }

    [Fact]
    public void At_the_threshold_a_component_pays_its_attainment()
    {
        // 80 % is not below 80 %: 10,000 × 0.5 × 0.8 = 4,000.
        var line = Line(Compute((100_000m, 80_000m), (40_000m, 40_000m), (20, 20)), TargetMetric.Revenue);

        Assert.Equal(0.8m, line.Factor);
        Assert.Equal("linear", line.Rule);
        Assert.Equal(4_000m, line.Amount);
    }

    [Fact]
    public void Exactly_on_target_pays_the_weighted_on_target_amount()
    {
        var calculation = Compute((100_000m, 100_000m), (40_000m, 40_000m), (20, 20));

        // 10,000 × (0.5 + 0.3 + 0.2) × 1.
        Assert.All(calculation.Lines, l => Assert.Equal(1m, l.Factor));
        Assert.Equal(5_000m, Line(calculation, TargetMetric.Revenue).Amount);
        Assert.Equal(3_000m, Line(calculation, TargetMetric.GrossMargin).Amount);
        Assert.Equal(2_000m, Line(calculation, TargetMetric.MeetingsAndCalls).Amount);
        Assert.Equal(10_000m, calculation.Total);
    }

    [Fact]
    public void Above_target_each_point_pays_the_accelerator()
    {
        // 44,000 of 40,000 = 110 %: factor 1 + 0.10 × 2 = 1.2; 10,000 × 0.3 × 1.2 = 3,600.
        var line = Line(Compute((100_000m, 100_000m), (40_000m, 44_000m), (20, 20)), TargetMetric.GrossMargin);

        Assert.Equal(1.1m, line.Attainment);
        Assert.Equal(1.2m, line.Factor);
        Assert.Equal("accelerated", line.Rule);
        Assert.Equal(3_600m, line.Amount);
    }

    [Fact]
    public void The_cap_limits_the_factor()
    {
        // 28 of 20 = 140 %: 1 + 0.4 × 2 = 1.8, capped at 1.5; 10,000 × 0.2 × 1.5 = 3,000.
        var calculation = Compute((100_000m, 100_000m), (40_000m, 44_000m), (20, 28));
        var line = Line(calculation, TargetMetric.MeetingsAndCalls);

        Assert.Equal(1.4m, line.Attainment);
        Assert.Equal(1.5m, line.Factor);
        Assert.Equal("capped", line.Rule);
        Assert.Equal(3_000m, line.Amount);
        // 5,000 + 3,600 + 3,000.
        Assert.Equal(11_600m, calculation.Total);
    }

    [Fact]
    public void An_undefined_actual_a_missing_target_or_a_zero_target_pays_nothing()
    {
        var calculation = Compute((0m, 50_000m), (40_000m, null), (null, 12));

        Assert.All(calculation.Lines, l =>
        {
            Assert.Null(l.Attainment);
            Assert.Equal(0m, l.Factor);
            Assert.Equal("no-attainment", l.Rule);
            Assert.Equal(0m, l.Amount);
        });
        Assert.Null(Line(calculation, TargetMetric.GrossMargin).Actual);
        Assert.Equal(0m, calculation.Total);
    }

    [Fact]
    public void Negative_attainment_pays_nothing_even_with_no_threshold()
    {
        var terms = Plan with { Threshold = 0m };

        Assert.Equal((0m, "below-threshold"), PayoutCalculator.Factor(terms, -0.2m));
        Assert.Equal((0m, "below-threshold"), PayoutCalculator.Factor(terms, 0m));
    }

    [Fact]
    public void Each_line_is_rounded_to_the_cent_half_away_from_zero_and_the_total_adds_the_lines()
    {
        // 333.33 × 0.5 × 0.9 = 149.9985 → 150.00; 333.33 × 0.3 × 0.85 = 84.999150 → 85.00; meetings 90 %: 333.33 × 0.2 × 0.9 = 59.9994 → 60.00.
        var calculation = Compute((100m, 90m), (100m, 85m), (10, 9), onTarget: 333.33m);

        Assert.Equal(150.00m, Line(calculation, TargetMetric.Revenue).Amount);
        Assert.Equal(85.00m, Line(calculation, TargetMetric.GrossMargin).Amount);
        Assert.Equal(60.00m, Line(calculation, TargetMetric.MeetingsAndCalls).Amount);
        Assert.Equal(295.00m, calculation.Total);
    }
}
