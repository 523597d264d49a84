using System.Globalization;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>A standard cost as a client sends it: currency (ISO 4217), effectiveFrom (yyyy-MM-dd) and unitCost.</summary>
public sealed record ProductCostInput(string? Currency, string? EffectiveFrom, decimal? UnitCost);

/// <summary>A list price as a client sends it: the price list's name, effectiveFrom (yyyy-MM-dd) and unitPrice in the list's currency.</summary>
public sealed record ProductPriceInput(string? PriceList, string? EffectiveFrom, decimal? UnitPrice);

/// <summary>
/// The fields of a product. On create <c>code</c> and <c>name</c> are needed; <c>code</c> is the product's
/// key in the ERP (imports match lines by it) and cannot change afterwards. <c>standardCosts</c> and
/// <c>prices</c>, when sent, replace the product's standard costs or list prices whole.
/// </summary>
public sealed record ProductInput
{
    public Optional<string?> Code { get; init; }
    public Optional<string?> Name { get; init; }
    public Optional<string?> Category { get; init; }
    public Optional<string?> Unit { get; init; }
    public Optional<IReadOnlyList<ProductCostInput>?> StandardCosts { get; init; }
    public Optional<IReadOnlyList<ProductPriceInput>?> Prices { get; init; }

    internal static List<ProductCost> CheckCosts(Validator v, Guid productId, IReadOnlyList<ProductCostInput>? costs)
    {
        var checkedCosts = new List<ProductCost>();
        var seen = new HashSet<(string, DateOnly)>();
        for (var i = 0; i < (costs?.Count ?? 0); i++)
        {
            var field = $"standardCosts[{i}]";
            var cost = costs![i];
            var currency = v.Currency($"{field}.currency", cost.Currency);
            if (string.IsNullOrWhiteSpace(cost.Currency))
            {
                v.Add($"{field}.currency", "A currency is required, such as EUR.");
            }
            var from = CheckDate(v, $"{field}.effectiveFrom", cost.EffectiveFrom, "cost");
            var unitCost = CheckAmount(v, $"{field}.unitCost", cost.UnitCost, "unit cost");
            if (currency is not null && from is { } day && unitCost is { } value)
            {
                if (!seen.Add((currency, day)))
                {
                    v.Add($"{field}.effectiveFrom", $"There is already a {currency} cost from {day:yyyy-MM-dd} in this list; keep one.");
                }
                checkedCosts.Add(new ProductCost { ProductId = productId, Currency = currency, EffectiveFrom = day, UnitCost = value });
            }
        }
        return checkedCosts;
    }

    internal static async Task<List<ProductPrice>> CheckPricesAsync(Validator v, KeystoneDbContext db, Guid productId, IReadOnlyList<ProductPriceInput>? prices, CancellationToken ct)
    {
        var checkedPrices = new List<ProductPrice>();
        if (prices is not { Count: > 0 })
        {
            return checkedPrices;
        }
        var lists = await db.PriceLists.AsNoTracking().ToDictionaryAsync(l => l.Name, l => l.Id, StringComparer.OrdinalIgnoreCase, ct);
        var seen = new HashSet<(Guid, DateOnly)>();
        for (var i = 0; i < prices.Count; i++)
        {
            var field = $"prices[{i}]";
            var price = prices[i];
            Guid? listId = null;
            if (string.IsNullOrWhiteSpace(price.PriceList))
            {
                v.Add($"{field}.priceList", "The price list is required.");
            }
            else if (lists.TryGetValue(price.PriceList.Trim(), out var id))
            {
                listId = id;
            }
            else
            {
                v.Add($"{field}.priceList", $"There is no price list named '{price.PriceList}'; add it first (price lists: {(lists.Count == 0 ? "none yet" : string.Join(", ", lists.Keys.Order(StringComparer.OrdinalIgnoreCase)))}).");
            }
            var from = CheckDate(v, $"{field}.effectiveFrom", price.EffectiveFrom, "price");
            var unitPrice = CheckAmount(v, $"{field}.unitPrice", price.UnitPrice, "unit price");
            if (listId is { } list && from is { } day && unitPrice is { } value)
            {
                if (!seen.Add((list, day)))
                {
                    v.Add($"{field}.effectiveFrom", $"There is already a price on {price.PriceList!.Trim()} from {day:yyyy-MM-dd} in this list; keep one.");
                }
                checkedPrices.Add(new ProductPrice { PriceListId = list, ProductId = productId, EffectiveFrom = day, UnitPrice = value });
            }
        }
        return checkedPrices;
    }

    private static DateOnly? CheckDate(Validator v, string field, string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add(field, $"The date the {what} applies from is required, as 2026-01-01.");
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        v.Add(field, $"'{text}' is not a date; write it as 2026-01-01.");
        return null;
    }

    private static decimal? CheckAmount(Validator v, string field, decimal? amount, string what)
    {
        if (amount is not { } value)
        {
            v.Add(field, $"A {what} is required.");
            return null;
        }
        if (AmountProblem(value, what) is { } problem)
        {
            v.Add(field, problem);
            return null;
        }
        return value;
    }

    /// <summary>Why <paramref name="value"/> cannot be a standard cost or list price (0 or more, below 10^14, four decimals); null when it can.</summary>
    internal static string? AmountProblem(decimal value, string what) =>
        value < 0 ? $"{value.ToString(CultureInfo.InvariantCulture)} is negative; a {what} is 0 or more."
        : value >= RevenueLimits.MaxAmount ? $"The {what} is too large; give at most 99,999,999,999,999."
        : decimal.Round(value, RevenueLimits.MoneyScale) != value ? $"{value.ToString(CultureInfo.InvariantCulture)} has more than four decimals; round it."
        : null;
}
