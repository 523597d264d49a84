namespace Keystone.Core.Portfolio;

/// <summary>The four quadrants of the key-account selection matrix (KPIS.md, "Portfolio classification").</summary>
public enum Quadrant
{
    /// <summary>High attractiveness, high relative strength: invest.</summary>
    Strategic,

    /// <summary>High attractiveness, low relative strength: build strength selectively.</summary>
    Star,

    /// <summary>Low attractiveness, high relative strength: maintain efficiently.</summary>
    Status,

    /// <summary>Low attractiveness, low relative strength: serve at lowest cost.</summary>
    Streamline,
}

/// <summary>Where an account stands: each axis from 0 to 10, and its quadrant.</summary>
public sealed record MatrixPosition(decimal Attractiveness, decimal Strength, Quadrant Quadrant);

/// <summary>An account's position, or why it has none: the criteria without a score, or a missing relationship stage.</summary>
/// <param name="Position">Null when the account is not fully scored: it is "not scored", never placed at 0.</param>
public sealed record MatrixPlacement(MatrixPosition? Position, decimal? Attractiveness, decimal? Strength, IReadOnlyList<string> MissingCriteria, bool MissingStage);

/// <summary>
/// The arithmetic of the key-account selection matrix after McDonald (Cranfield), as KPIS.md defines it:
/// each axis is the weighted score <c>Σ weight × score / 100</c> of its criteria (weights in percent,
/// summing to 100; scores 0–10), so it runs from 0 to 10. Relative strength may instead come from the
/// relationship stage, <c>(stage − 1) × 2.5</c>. An axis is high when its score is at or above the
/// cut-off (a score equal to the cut-off is high).
/// </summary>
public static class SelectionMatrix
{
    public const int MinScore = 0;
    public const int MaxScore = 10;

    /// <summary>
    /// The weighted score of one axis, exact (no rounding); null when any of its criteria has no score,
    /// because a missing score read as 0 would place the account where it does not belong.
    /// </summary>
    public static decimal? WeightedScore(IEnumerable<SelectionCriterion> criteria, IReadOnlyDictionary<string, int> scores)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(scores);
        decimal sum = 0;
        var any = false;
        foreach (var criterion in criteria)
        {
            if (!scores.TryGetValue(criterion.Key, out var score))
            {
                return null;
            }
            if (score is < MinScore or > MaxScore)
            {
                throw new ArgumentOutOfRangeException(nameof(scores), $"The score of '{criterion.Key}' is {score}; scores run from 0 to 10.");
            }
            sum += criterion.Weight * score;
            any = true;
        }
        return any ? sum / 100m : null;
    }

    /// <summary>Relative strength from the relationship stage: Exploratory 0, Basic 2.5, Cooperative 5, Interdependent 7.5, Integrated 10.</summary>
    public static decimal StageStrength(RelationshipStage stage) =>
        Enum.IsDefined(stage) ? ((int)stage - 1) * 2.5m : throw new ArgumentOutOfRangeException(nameof(stage));

    /// <summary>The quadrant of a position; a score equal to the cut-off counts as high.</summary>
    public static Quadrant Classify(decimal attractiveness, decimal strength, decimal cutOff)
    {
        var highAttractiveness = attractiveness >= cutOff;
        var highStrength = strength >= cutOff;
        return (highAttractiveness, highStrength) switch
        {
            (true, true) => Quadrant.Strategic,
            (true, false) => Quadrant.Star,
            (false, true) => Quadrant.Status,
            (false, false) => Quadrant.Streamline,
        };
    }

    /// <summary>An account's placement under the settings: its two axes and quadrant, or what is missing for them.</summary>
    /// <param name="scores">The account's current score per criterion key; keys of criteria no longer configured are ignored.</param>
    public static MatrixPlacement Place(SelectionMatrixOptions options, IReadOnlyDictionary<string, int> scores, RelationshipStage? stage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scores);
        var scored = options.ScoredCriteria.ToList();
        var missing = scored.Where(c => !scores.ContainsKey(c.Key)).Select(c => c.Key).ToList();
        var attractiveness = WeightedScore(scored.Where(c => c.Axis == SelectionAxis.Attractiveness), scores);
        var fromStage = options.StrengthFrom == StrengthSource.RelationshipStage;
        var strength = fromStage
            ? stage is { } s ? StageStrength(s) : null
            : WeightedScore(scored.Where(c => c.Axis == SelectionAxis.Strength), scores);
        var missingStage = fromStage && stage is null;
        var position = attractiveness is { } a && strength is { } st
            ? new MatrixPosition(a, st, Classify(a, st, options.CutOff))
            : null;
        return new MatrixPlacement(position, attractiveness, strength, missing, missingStage);
    }

    public static string ToIdentifier(this Quadrant quadrant) => quadrant.ToString().ToLowerInvariant();
}
