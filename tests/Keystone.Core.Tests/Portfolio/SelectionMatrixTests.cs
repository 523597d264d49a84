using Keystone.Core.Common;
using Keystone.Core.Portfolio;
using Microsoft.Extensions.Configuration;

namespace Keystone.Core.Tests.Portfolio;

/// <summary>
/// The key-account selection matrix (KPIS.md, "Portfolio classification") under the shipped criteria:
/// attractiveness size 25 %, growth 20 %, profitability 25 %, fit 15 %, risk 15 %; strength product 25 %,
/// price 20 %, relationship 25 %, delivery 15 %, reputation 15 %. Every expected value is worked by hand.
/// </summary>
public sealed class SelectionMatrixTests
{
    // 25×8 + 20×6 + 25×7 + 15×5 + 15×9 = 200 + 120 + 175 + 75 + 135 = 705 → 7.05
    private static readonly Dictionary<string, int> Attractive = new()
    {
        ["size"] = 8, ["growth"] = 6, ["profitability"] = 7, ["fit"] = 5, ["risk"] = 9,
    };

    // 25×4 + 20×3 + 25×6 + 15×5 + 15×2 = 100 + 60 + 150 + 75 + 30 = 415 → 4.15
    private static readonly Dictionary<string, int> Weak = new()
    {
        ["product"] = 4, ["price"] = 3, ["relationship"] = 6, ["delivery"] = 5, ["reputation"] = 2,
    };

    private static Dictionary<string, int> Both(params IReadOnlyDictionary<string, int>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value);

    private static IEnumerable<SelectionCriterion> Axis(SelectionAxis axis) => SelectionMatrixOptions.Default.Criteria.Where(c => c.Axis == axis);

    [Fact]
    public void Each_axis_is_the_weighted_mean_of_its_scores()
    {
        Assert.Equal(7.05m, SelectionMatrix.WeightedScore(Axis(SelectionAxis.Attractiveness), Attractive));
        Assert.Equal(4.15m, SelectionMatrix.WeightedScore(Axis(SelectionAxis.Strength), Weak));
    }

    [Fact]
    public void All_tens_make_ten_and_all_zeros_make_zero()
    {
        var tens = SelectionMatrixOptions.DefaultCriteria.ToDictionary(c => c.Key, _ => 10);
        var zeros = SelectionMatrixOptions.DefaultCriteria.ToDictionary(c => c.Key, _ => 0);
        Assert.Equal(10m, SelectionMatrix.WeightedScore(Axis(SelectionAxis.Strength), tens));
        Assert.Equal(0m, SelectionMatrix.WeightedScore(Axis(SelectionAxis.Attractiveness), zeros));
    }

    [Fact]
    public void An_account_high_on_attractiveness_and_low_on_strength_is_a_star()
    {
        var placement = SelectionMatrix.Place(SelectionMatrixOptions.Default, Both(Attractive, Weak), stage: null);

        Assert.Equal(new MatrixPosition(7.05m, 4.15m, Quadrant.Star), placement.Position);
        Assert.Empty(placement.MissingCriteria);
        Assert.False(placement.MissingStage);
    }

    [Theory]
    [InlineData("7.05", "6", Quadrant.Strategic)]
    [InlineData("7.05", "4.15", Quadrant.Star)]
    [InlineData("3", "6", Quadrant.Status)]
    [InlineData("3", "4.15", Quadrant.Streamline)]
    // A score equal to the cut-off is high.
    [InlineData("5", "5", Quadrant.Strategic)]
    [InlineData("4.99", "5", Quadrant.Status)]
    [InlineData("5", "4.99", Quadrant.Star)]
    [InlineData("4.9999", "4.9999", Quadrant.Streamline)]
    [InlineData("0", "0", Quadrant.Streamline)]
    [InlineData("10", "10", Quadrant.Strategic)]
    public void The_cut_off_splits_the_quadrants_and_equal_counts_as_high(string attractiveness, string strength, Quadrant expected) =>
        Assert.Equal(expected, SelectionMatrix.Classify(decimal.Parse(attractiveness, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(strength, System.Globalization.CultureInfo.InvariantCulture), 5m));

    [Fact]
    public void Another_cut_off_moves_the_boundary()
    {
        Assert.Equal(Quadrant.Streamline, SelectionMatrix.Classify(7.05m, 4.15m, 7.5m));
        Assert.Equal(Quadrant.Strategic, SelectionMatrix.Classify(7.05m, 4.15m, 4.15m));
    }

    [Theory]
    [InlineData(RelationshipStage.Exploratory, "0")]
    [InlineData(RelationshipStage.Basic, "2.5")]
    [InlineData(RelationshipStage.Cooperative, "5")]
    [InlineData(RelationshipStage.Interdependent, "7.5")]
    [InlineData(RelationshipStage.Integrated, "10")]
    public void A_stage_maps_to_stage_minus_one_times_two_and_a_half(RelationshipStage stage, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SelectionMatrix.StageStrength(stage));

    [Fact]
    public void Strength_from_the_stage_ignores_the_strength_criteria()
    {
        var options = SelectionMatrixOptions.Default;
        options.StrengthFrom = StrengthSource.RelationshipStage;

        // Cooperative is (3 − 1) × 2.5 = 5, equal to the cut-off, so high: Strategic.
        var cooperative = SelectionMatrix.Place(options, Attractive, RelationshipStage.Cooperative);
        Assert.Equal(new MatrixPosition(7.05m, 5m, Quadrant.Strategic), cooperative.Position);
        Assert.Empty(cooperative.MissingCriteria);

        // Basic is 2.5: Star, whatever the (unused) strength scores say.
        var basic = SelectionMatrix.Place(options, Both(Attractive, SelectionMatrixOptions.DefaultCriteria.Where(c => c.Axis == SelectionAxis.Strength).ToDictionary(c => c.Key, _ => 10)), RelationshipStage.Basic);
        Assert.Equal(new MatrixPosition(7.05m, 2.5m, Quadrant.Star), basic.Position);
    }

    [Fact]
    public void Without_a_stage_an_account_scored_by_stage_has_no_position()
    {
        var options = SelectionMatrixOptions.Default;
        options.StrengthFrom = StrengthSource.RelationshipStage;
        var placement = SelectionMatrix.Place(options, Attractive, stage: null);

        Assert.Null(placement.Position);
        Assert.True(placement.MissingStage);
        Assert.Equal(7.05m, placement.Attractiveness);
        Assert.Null(placement.Strength);
    }

    [Fact]
    public void A_missing_score_leaves_the_account_unplaced_never_at_zero()
    {
        var scores = Both(Attractive, Weak);
        scores.Remove("risk");
        var placement = SelectionMatrix.Place(SelectionMatrixOptions.Default, scores, stage: null);

        Assert.Null(placement.Position);
        Assert.Null(placement.Attractiveness);
        Assert.Equal(4.15m, placement.Strength);
        Assert.Equal(["risk"], placement.MissingCriteria);
        Assert.Null(SelectionMatrix.WeightedScore(Axis(SelectionAxis.Attractiveness), scores));
    }

    [Fact]
    public void An_account_with_no_scores_misses_every_criterion()
    {
        var placement = SelectionMatrix.Place(SelectionMatrixOptions.Default, new Dictionary<string, int>(), stage: RelationshipStage.Integrated);

        Assert.Null(placement.Position);
        Assert.Equal(SelectionMatrixOptions.DefaultCriteria.Select(c => c.Key), placement.MissingCriteria);
    }

    [Fact]
    public void Scores_of_criteria_no_longer_configured_are_ignored()
    {
        var scores = Both(Attractive, Weak);
        scores["retired-criterion"] = 0;
        Assert.Equal(new MatrixPosition(7.05m, 4.15m, Quadrant.Star), SelectionMatrix.Place(SelectionMatrixOptions.Default, scores, null).Position);
    }

    [Fact]
    public void A_score_outside_zero_to_ten_is_refused()
    {
        var scores = new Dictionary<string, int>(Attractive) { ["size"] = 11 };
        Assert.Throws<ArgumentOutOfRangeException>(() => SelectionMatrix.WeightedScore(Axis(SelectionAxis.Attractiveness), scores));
    }

    [Fact]
    public void The_shipped_criteria_are_valid_and_sum_to_one_hundred_per_axis()
    {
        var options = SelectionMatrixOptions.Default;
        options.Validate();
        Assert.Equal(100m, options.Criteria.Where(c => c.Axis == SelectionAxis.Attractiveness).Sum(c => c.Weight));
        Assert.Equal(100m, options.Criteria.Where(c => c.Axis == SelectionAxis.Strength).Sum(c => c.Weight));
        Assert.Equal(5m, options.CutOff);
    }

    [Fact]
    public void Weights_that_do_not_sum_to_one_hundred_are_refused_naming_the_axis_and_the_sum()
    {
        var options = SelectionMatrixOptions.Default;
        options.Criteria[0].Weight = 24;

        var error = Assert.Throws<ValidationException>(options.Validate);
        var message = Assert.Single(error.Errors["Portfolio:SelectionMatrix:Criteria"]);
        Assert.Contains("attractiveness", message, StringComparison.Ordinal);
        Assert.Contains("99", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_weights_names_and_the_cut_off_are_each_checked()
    {
        var options = SelectionMatrixOptions.Default;
        options.Criteria[1].Key = "size";
        options.Criteria[2].Key = "Profit Potential";
        options.Criteria[3].Name = " ";
        options.Criteria[5].Weight = 0;
        options.Criteria[6].Weight = 20.125m;
        options.CutOff = 11;

        var error = Assert.Throws<ValidationException>(options.Validate);

        Assert.Contains("Portfolio:SelectionMatrix:Criteria:1:Key", error.Errors.Keys);
        Assert.Contains("Portfolio:SelectionMatrix:Criteria:2:Key", error.Errors.Keys);
        Assert.Contains("Portfolio:SelectionMatrix:Criteria:3:Name", error.Errors.Keys);
        Assert.Contains("Portfolio:SelectionMatrix:Criteria:5:Weight", error.Errors.Keys);
        Assert.Contains("Portfolio:SelectionMatrix:Criteria:6:Weight", error.Errors.Keys);
        Assert.Contains("Portfolio:SelectionMatrix:CutOff", error.Errors.Keys);
    }

    [Fact]
    public void Strength_from_the_stage_needs_no_strength_criteria_but_from_criteria_it_does()
    {
        var byStage = new SelectionMatrixOptions
        {
            StrengthFrom = StrengthSource.RelationshipStage,
            Criteria = [.. SelectionMatrixOptions.DefaultCriteria.Where(c => c.Axis == SelectionAxis.Attractiveness)],
        };
        byStage.Validate();
        Assert.All(byStage.ScoredCriteria, c => Assert.Equal(SelectionAxis.Attractiveness, c.Axis));

        var byCriteria = new SelectionMatrixOptions { Criteria = byStage.Criteria };
        var error = Assert.Throws<ValidationException>(byCriteria.Validate);
        Assert.Contains("strength", Assert.Single(error.Errors["Portfolio:SelectionMatrix:Criteria"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_criteria_replace_the_shipped_ones_and_an_empty_section_keeps_them()
    {
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portfolio:SelectionMatrix:CutOff"] = "6",
            ["Portfolio:SelectionMatrix:Criteria:0:Key"] = "volume",
            ["Portfolio:SelectionMatrix:Criteria:0:Name"] = "Volume",
            ["Portfolio:SelectionMatrix:Criteria:0:Axis"] = "Attractiveness",
            ["Portfolio:SelectionMatrix:Criteria:0:Weight"] = "100",
            ["Portfolio:SelectionMatrix:Criteria:1:Key"] = "trust",
            ["Portfolio:SelectionMatrix:Criteria:1:Name"] = "Trust",
            ["Portfolio:SelectionMatrix:Criteria:1:Axis"] = "Strength",
            ["Portfolio:SelectionMatrix:Criteria:1:Weight"] = "100",
        }).Build();
        var options = SelectionMatrixOptions.FromConfiguration(configured);
        Assert.Equal(["volume", "trust"], options.Criteria.Select(c => c.Key));
        Assert.Equal(6m, options.CutOff);

        var empty = SelectionMatrixOptions.FromConfiguration(new ConfigurationBuilder().Build());
        Assert.Equal(SelectionMatrixOptions.DefaultCriteria.Select(c => c.Key), empty.Criteria.Select(c => c.Key));
    }

    [Fact]
    public void A_wrong_weight_in_configuration_stops_with_a_message_naming_the_setting()
    {
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portfolio:SelectionMatrix:Criteria:0:Key"] = "volume",
            ["Portfolio:SelectionMatrix:Criteria:0:Name"] = "Volume",
            ["Portfolio:SelectionMatrix:Criteria:0:Axis"] = "Attractiveness",
            ["Portfolio:SelectionMatrix:Criteria:0:Weight"] = "90",
            ["Portfolio:SelectionMatrix:StrengthFrom"] = "RelationshipStage",
        }).Build();
        var error = Assert.Throws<ValidationException>(() => SelectionMatrixOptions.FromConfiguration(configured));
        Assert.Contains("Portfolio:SelectionMatrix:Criteria", error.Message, StringComparison.Ordinal);
        Assert.Contains("90", error.Message, StringComparison.Ordinal);
    }
}
