using Keystone.Core.Common;

namespace Keystone.Core.Revenue;

/// <summary>
/// Which column of a file holds which field of an invoice line, by header name (compared ignoring case).
/// Written as <c>invoice=Col,date=Col,...</c>, the form the CLI's <c>--columns</c> and a saved
/// <see cref="ImportMapping"/> use.
/// </summary>
public sealed record InvoiceColumns
{
    public const string InvoiceField = "invoice";
    public const string DateField = "date";
    public const string CustomerField = "customer";
    public const string ProductField = "product";
    public const string ProductNameField = "product_name";
    public const string QuantityField = "quantity";
    public const string UnitPriceField = "unit_price";
    public const string LineField = "line";
    public const string CustomerNameField = "customer_name";
    public const string CountryField = "country";
    public const string CurrencyField = "currency";
    public const string UnitCostField = "unit_cost";

    /// <summary>Every field, required ones first, in the order <see cref="ToString"/> writes them.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        InvoiceField, DateField, CustomerField, ProductField, ProductNameField, QuantityField, UnitPriceField,
        LineField, CustomerNameField, CountryField, CurrencyField, UnitCostField,
    ];

    /// <summary>Fields a mapping must name. Without a quantity column every line is one unit; without a product name a new product is named by its code.</summary>
    public static IReadOnlyList<string> RequiredFields { get; } = [InvoiceField, DateField, CustomerField, ProductField, UnitPriceField];

    public required string Invoice { get; init; }
    public required string Date { get; init; }
    public required string Customer { get; init; }
    public required string Product { get; init; }
    public string? ProductName { get; init; }
    public string? Quantity { get; init; }
    public required string UnitPrice { get; init; }
    public string? Line { get; init; }
    public string? CustomerName { get; init; }
    public string? Country { get; init; }
    public string? Currency { get; init; }
    public string? UnitCost { get; init; }

    /// <summary>The column named for each field that has one.</summary>
    public IEnumerable<(string Field, string Column)> Pairs()
    {
        foreach (var field in Fields)
        {
            if (Get(field) is { } column)
            {
                yield return (field, column);
            }
        }
    }

    public string? Get(string field) => field switch
    {
        InvoiceField => Invoice,
        DateField => Date,
        CustomerField => Customer,
        ProductField => Product,
        ProductNameField => ProductName,
        QuantityField => Quantity,
        UnitPriceField => UnitPrice,
        LineField => Line,
        CustomerNameField => CustomerName,
        CountryField => Country,
        CurrencyField => Currency,
        UnitCostField => UnitCost,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a field of an invoice line."),
    };

    public override string ToString() => string.Join(",", Pairs().Select(p => $"{p.Field}={p.Column}"));

    /// <summary>Reads <c>field=column,...</c>.</summary>
    /// <exception cref="ValidationException">An unknown or repeated field, a pair without '=', or a required field missing; each is named.</exception>
    public static InvoiceColumns Parse(string? text, string errorKey = "columns")
    {
        var v = new Validator();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var field = at > 0 ? pair[..at].Trim().ToLowerInvariant().Replace('-', '_') : "";
            var column = at > 0 ? pair[(at + 1)..].Trim() : "";
            if (at <= 0 || column.Length == 0)
            {
                v.Add(errorKey, $"'{pair}' is not field=column; write for example invoice=Invoice No.");
            }
            else if (!Fields.Contains(field))
            {
                v.Add(errorKey, $"'{field}' is not a field; use {string.Join(", ", Fields)}.");
            }
            else if (!map.TryAdd(field, column))
            {
                v.Add(errorKey, $"'{field}' is mapped twice; map each field once.");
            }
        }
        var missing = RequiredFields.Where(f => !map.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            v.Add(errorKey, $"Map {string.Join(", ", missing)} too; {string.Join(", ", RequiredFields)} are required.");
        }
        v.ThrowIfInvalid();
        return new InvoiceColumns
        {
            Invoice = map[InvoiceField],
            Date = map[DateField],
            Customer = map[CustomerField],
            Product = map[ProductField],
            ProductName = map.GetValueOrDefault(ProductNameField),
            Quantity = map.GetValueOrDefault(QuantityField),
            UnitPrice = map[UnitPriceField],
            Line = map.GetValueOrDefault(LineField),
            CustomerName = map.GetValueOrDefault(CustomerNameField),
            Country = map.GetValueOrDefault(CountryField),
            Currency = map.GetValueOrDefault(CurrencyField),
            UnitCost = map.GetValueOrDefault(UnitCostField),
        };
    }
}
