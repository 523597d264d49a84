using System.Text.RegularExpressions;
using Keystone.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Core.Portfolio;

/// <summary>The two axes of the key-account selection matrix (KPIS.md, "Portfolio classification").</summary>
public enum SelectionAxis
{
    /// <summary>How attractive the account is to us: its size, growth, profitability, fit.</summary>
    Attractiveness,

    /// <summary>How strong we are with the account compared with our competitors, as the account sees it.</summary>
    Strength,
}

/// <summary>Where the relative strength of an account comes from.</summary>
public enum StrengthSource
{
    /// <summary>A weighted score over the strength criteria, like attractiveness.</summary>
    Criteria,

    /// <summary>The relationship stage: Exploratory 1 … Integrated 5, mapped to <c>(stage − 1) × 2.5</c>.</summary>
    RelationshipStage,
}

/// <summary>One scored criterion of the matrix: a key that scores are stored under, a name people read, an axis and a weight.</summary>
public sealed class SelectionCriterion
{
    /// <summary>Stable identifier scores are stored under, such as <c>growth</c>; renaming a criterion keeps its scores, changing its key does not.</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public SelectionAxis Axis { get; set; }

    /// <summary>Weight in percent of its axis; the weights of one axis sum to 100.</summary>
    public decimal Weight { get; set; }
}

/// <summary>
/// The settings of the key-account selection matrix, from the configuration section
/// <c>Portfolio:SelectionMatrix</c>: the criteria with their axis and weight, the cut-off between
/// low and high, and whether relative strength comes from criteria or from the relationship stage.
/// </summary>
public sealed partial class SelectionMatrixOptions
{
    public const string Section = "Portfolio:SelectionMatrix";

    public const int MaxCriteria = 30;

    /// <summary>
    /// The criteria; when the configuration names none, <see cref="DefaultCriteria"/>. (A list with
    /// defaults in its initialiser would have the configured criteria appended to them by the binder.)
    /// </summary>
    public List<SelectionCriterion> Criteria { get; set; } = [];

    /// <summary>A weighted score equal to or above the cut-off is high (default 5).</summary>
    public decimal CutOff { get; set; } = 5m;

    public StrengthSource StrengthFrom { get; set; } = StrengthSource.Criteria;

    /// <summary>
    /// After McDonald and Rogers (Cranfield): attractiveness from the account's size, growth,
    /// profitability, strategic fit and risk; relative strength from what the account values in a
    /// supplier, compared with the best competitor.
    /// </summary>
    public static IReadOnlyList<SelectionCriterion> DefaultCriteria =>
    [
        new() { Key = "size", Name = "Size of spend in our categories", Axis = SelectionAxis.Attractiveness, Weight = 25 },
        new() { Key = "growth", Name = "Growth potential", Axis = SelectionAxis.Attractiveness, Weight = 20 },
        new() { Key = "profitability", Name = "Profit potential for us", Axis = SelectionAxis.Attractiveness, Weight = 25 },
        new() { Key = "fit", Name = "Strategic fit with our offerings", Axis = SelectionAxis.Attractiveness, Weight = 15 },
        new() { Key = "risk", Name = "Financial stability (low risk)", Axis = SelectionAxis.Attractiveness, Weight = 15 },
        new() { Key = "product", Name = "Our product and service quality, as they see it", Axis = SelectionAxis.Strength, Weight = 25 },
        new() { Key = "price", Name = "Our price competitiveness", Axis = SelectionAxis.Strength, Weight = 20 },
        new() { Key = "relationship", Name = "Depth of our relationships", Axis = SelectionAxis.Strength, Weight = 25 },
        new() { Key = "delivery", Name = "Our delivery and support reliability", Axis = SelectionAxis.Strength, Weight = 15 },
        new() { Key = "reputation", Name = "Our image and reputation with them", Axis = SelectionAxis.Strength, Weight = 15 },
    ];

    /// <summary>The default settings: <see cref="DefaultCriteria"/>, cut-off 5, strength from criteria.</summary>
    public static SelectionMatrixOptions Default => new() { Criteria = [.. DefaultCriteria] };

    /// <summary>The criteria that are scored: those of attractiveness, and those of strength unless it comes from the stage.</summary>
    public IEnumerable<SelectionCriterion> ScoredCriteria =>
        Criteria.Where(c => c.Axis == SelectionAxis.Attractiveness || StrengthFrom == StrengthSource.Criteria);

    public SelectionCriterion? Find(string? key) =>
        ScoredCriteria.FirstOrDefault(c => string.Equals(c.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The options from configuration, checked; the defaults when the section is absent.</summary>
    /// <exception cref="ValidationException">A setting is wrong; each message names the setting and what to do.</exception>
    public static SelectionMatrixOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new SelectionMatrixOptions();
        configuration.GetSection(Section).Bind(options);
        options.ApplyDefaults();
        options.Validate();
        return options;
    }

    /// <summary>No criteria configured means the shipped ones.</summary>
    public void ApplyDefaults()
    {
        if (Criteria.Count == 0)
        {
            Criteria = [.. DefaultCriteria];
        }
    }

    /// <exception cref="ValidationException">
    /// A key is missing, malformed or repeated, a name is missing, a weight is not above 0 and at most
    /// 100 with at most two decimals, the weights of an axis in use do not sum to 100, or the cut-off is outside 0–10.
    /// </exception>
    public void Validate()
    {
        var v = new Validator();
        if (CutOff is < 0 or > 10)
        {
            v.Add($"{Section}:CutOff", $"The cut-off is {CutOff}; set a score from 0 to 10 (default 5).");
        }
        if (!Enum.IsDefined(StrengthFrom))
        {
            v.Add($"{Section}:StrengthFrom", "Set Criteria or RelationshipStage.");
        }
        if (Criteria.Count > MaxCriteria)
        {
            v.Add($"{Section}:Criteria", $"{Criteria.Count} criteria are configured; keep at most {MaxCriteria}.");
        }
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Criteria.Count; i++)
        {
            var c = Criteria[i];
            var at = $"{Section}:Criteria:{i}";
            c.Key = c.Key?.Trim() ?? "";
            c.Name = c.Name?.Trim() ?? "";
            if (!KeyPattern().IsMatch(c.Key))
            {
                v.Add($"{at}:Key", $"'{c.Key}' is not a criterion key; use 1 to 40 lower-case letters, digits and hyphens, such as growth-potential.");
            }
            else if (!keys.Add(c.Key))
            {
                v.Add($"{at}:Key", $"The key '{c.Key}' is used by another criterion; give each criterion its own key.");
            }
            if (c.Name.Length is 0 or > 100)
            {
                v.Add($"{at}:Name", "Give the criterion a name of 1 to 100 characters, as people will read it.");
            }
            if (!Enum.IsDefined(c.Axis))
            {
                v.Add($"{at}:Axis", "Set the axis to Attractiveness or Strength.");
            }
            if (c.Weight is <= 0 or > 100 || decimal.Round(c.Weight, 2) != c.Weight)
            {
                v.Add($"{at}:Weight", $"The weight is {c.Weight}; set a percentage above 0 and at most 100, with at most two decimals.");
            }
        }
        foreach (var axis in Enum.GetValues<SelectionAxis>())
        {
            if (axis == SelectionAxis.Strength && StrengthFrom == StrengthSource.RelationshipStage)
            {
                // Strength comes from the stage: its criteria, if any are configured, are not used.
                continue;
            }
            var onAxis = Criteria.Where(c => c.Axis == axis).ToList();
            var sum = onAxis.Sum(c => c.Weight);
            if (onAxis.Count == 0)
            {
                v.Add($"{Section}:Criteria", $"No criterion is on the {axis.ToString().ToLowerInvariant()} axis; add at least one" +
                    (axis == SelectionAxis.Strength ? ", or set StrengthFrom to RelationshipStage." : "."));
            }
            else if (sum != 100)
            {
                v.Add($"{Section}:Criteria", $"The weights of the {axis.ToString().ToLowerInvariant()} criteria sum to {sum} %; make them sum to 100 %.");
            }
        }
        v.ThrowIfInvalid();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex KeyPattern();
}

public static class PortfolioRegistration
{
    /// <summary>
    /// Binds <see cref="SelectionMatrixOptions"/> from <c>Portfolio:SelectionMatrix</c> and checks them
    /// when the host starts, so that a wrong weight stops the start with a message naming the setting.
    /// </summary>
    public static IServiceCollection AddKeystonePortfolio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SelectionMatrixOptions>()
            .Bind(configuration.GetSection(SelectionMatrixOptions.Section))
            .PostConfigure(o => o.ApplyDefaults())
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        return services;
    }
}

public static class SelectionLimits
{
    public const int ReasonLength = 1000;
}
