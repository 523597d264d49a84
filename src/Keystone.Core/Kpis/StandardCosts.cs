namespace Keystone.Core.Kpis;

/// <summary>A product's standard unit cost from a date on, in one currency (a <see cref="Revenue.ProductCost"/> as the KPIs read it).</summary>
public readonly record struct ProductCostRow(Guid ProductId, string Currency, DateOnly EffectiveFrom, decimal UnitCost);

/// <summary>
/// The fallback cost of an invoice line that carries none (KPIS.md, "Profitability": "else from the
/// product's standard cost for that date").
/// </summary>
/// <remarks>
/// The cost that applies is the one in the line's own currency with the latest <c>EffectiveFrom</c> on
/// or before the line's date; a cost effective only later does not reach back. It is converted with the
/// line's own exchange rate, the one its revenue was converted with, so that price and cost of one line
/// are always in step, and rounded to 4 decimals half away from zero as the import rounds a line's own
/// cost. A standard cost in another currency is not used: converting it would need a second rate for
/// the same line, and the margin of a line should not depend on two rates.
/// </remarks>
public sealed class StandardCosts
{
    private readonly Dictionary<(Guid Product, string Currency), (DateOnly[] From, decimal[] Cost)> _costs;

    public StandardCosts(IEnumerable<ProductCostRow> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        _costs = costs
            .GroupBy(c => (c.ProductId, c.Currency.ToUpperInvariant()))
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var sorted = g.OrderBy(c => c.EffectiveFrom).ToArray();
                    return (sorted.Select(c => c.EffectiveFrom).ToArray(), sorted.Select(c => c.UnitCost).ToArray());
                });
    }

    /// <summary>The standard unit cost of a product in a currency on a date; null when none is effective then.</summary>
    public decimal? UnitCost(Guid productId, string currency, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (!_costs.TryGetValue((productId, currency.ToUpperInvariant()), out var table))
        {
            return null;
        }
        var at = Array.BinarySearch(table.From, date);
        if (at < 0)
        {
            at = ~at - 1;
        }
        return at >= 0 ? table.Cost[at] : null;
    }

    /// <summary>
    /// <c>quantity × standard unit cost × exchange rate</c> in the reporting currency, to 4 decimals;
    /// null when the product has no standard cost in <paramref name="currency"/> on <paramref name="date"/>.
    /// </summary>
    public decimal? CostAmount(Guid productId, string currency, DateOnly date, decimal quantity, decimal exchangeRate) =>
        UnitCost(productId, currency, date) is { } unitCost
            ? Math.Round(quantity * unitCost * exchangeRate, 4, MidpointRounding.AwayFromZero)
            : null;
}
