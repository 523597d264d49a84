using Keystone.Core.Kpis;
using Keystone.Core.Targets;

namespace Keystone.Core.Pay;

/// <summary>The rules of a plan that turn attainment into pay.</summary>
public sealed record PayTerms(decimal Threshold, decimal Cap, decimal Accelerator, IReadOnlyList<PayComponent> Components);

/// <summary>
/// One line of a payout statement: a component's target, actual and attainment, its weight, the
/// factor after threshold, accelerator and cap, and the amount it pays.
/// </summary>
/// <param name="Rule">Which rule set the factor: no-attainment, below-threshold, linear, accelerated or capped.</param>
public sealed record PayoutLine(
    string Metric,
    string Label,
    decimal? Target,
    decimal? Actual,
    decimal? Attainment,
    decimal Weight,
    decimal Factor,
    string Rule,
    decimal Amount);

public sealed record PayoutCalculation(decimal OnTargetPay, IReadOnlyList<PayoutLine> Lines, decimal Total);

/// <summary>
/// The variable pay of one KAM for one period, exactly as docs/pay.md writes it. Pure: it is given
/// the targets and actuals, and reads nothing.
/// </summary>
public static class PayoutCalculator
{
    /// <summary>Amounts are paid to the cent: each line is rounded half away from zero, and the total is the sum of the lines.</summary>
    public const int AmountDecimals = 2;

    /// <param name="values">Per metric, the target (null: none set) and the actual (null: undefined).</param>
    public static PayoutCalculation Compute(PayTerms terms, decimal onTargetPay, IReadOnlyDictionary<TargetMetric, (decimal? Target, decimal? Actual)> values)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(values);
        var lines = new List<PayoutLine>(terms.Components.Count);
        foreach (var component in terms.Components)
        {
            var (target, actual) = values.TryGetValue(component.Metric, out var v) ? v : (null, null);
            var attainment = KpiMath.Attainment(actual, target);
            var (factor, rule) = Factor(terms, attainment);
            var amount = KpiMath.Round(onTargetPay * component.Weight * factor, AmountDecimals);
            lines.Add(new PayoutLine(
                component.Metric.ToIdentifier(), component.Metric.DisplayName(), target, actual, attainment, component.Weight, factor, rule, amount));
        }
        return new PayoutCalculation(onTargetPay, lines, lines.Sum(l => l.Amount));
    }

    /// <summary>
    /// The payout factor of one component: 0 without an attainment or below the threshold; the attainment
    /// itself up to 100 %; <c>1 + (a − 1) × accelerator</c> above; never more than the cap.
    /// </summary>
    public static (decimal Factor, string Rule) Factor(PayTerms terms, decimal? attainment)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (attainment is not { } a)
        {
            return (0m, "no-attainment");
        }
        if (a < terms.Threshold || a <= 0)
        {
            return (0m, "below-threshold");
        }
        var (factor, rule) = a <= 1 ? (a, "linear") : (1 + ((a - 1) * terms.Accelerator), "accelerated");
        return factor > terms.Cap ? (terms.Cap, "capped") : (factor, rule);
    }
}
