using System.Globalization;
using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>What loading a catalogue file did.</summary>
public sealed record ProductImportResult(int Read, int Created, int Updated, int Unchanged, int CostsSet, int PricesSet);

/// <summary>
/// Loads the product catalogue from a CSV or .xlsx with a <c>code</c> column and any of <c>name</c>,
/// <c>category</c>, <c>unit</c>, a standard cost (<c>standard_cost</c>, <c>cost_currency</c>,
/// <c>cost_from</c>) and a list price (<c>price_list</c>, <c>list_price</c>, <c>price_from</c>). A code
/// may take several rows (one cost or price each). Unknown codes are added; known ones get the values the
/// file gives, and an empty cell leaves a field as it is. A cost or price for a currency or list and date
/// already stored replaces it; others are kept. The whole file is checked first: any bad row refuses it,
/// naming each bad row and column, and nothing is saved.
/// </summary>
public static class ImportProducts
{
    private const int ErrorsShown = 20;

    private sealed class Entry
    {
        public required long Row { get; init; }
        public string? Name { get; set; }
        public string? Category { get; set; }
        public string? Unit { get; set; }
        public List<ProductCost> Costs { get; } = [];
        public List<ProductPrice> Prices { get; } = [];
    }

    /// <exception cref="ValidationException">Bad rows (field <c>products</c>); nothing was saved.</exception>
    /// <exception cref="InvoiceFileException">The file cannot be read or has no <c>code</c> column.</exception>
    public static async Task<ProductImportResult> HandleAsync(KeystoneDbContext db, Stream file, string fileName, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanManageProducts(), CreateProduct.NotAllowed);
        var opened = await InvoiceFile.OpenAsync(file, Path.GetFileName(fileName), ct);
        int? Column(string name) => opened.Headers.Select((h, i) => (h, i)).Where(x => string.Equals(x.h.Trim(), name, StringComparison.OrdinalIgnoreCase)).Select(x => (int?)x.i).FirstOrDefault();
        var code = Column("code") ?? throw new InvoiceFileException(
            $"{opened.FileName} has no column 'code'; a catalogue file has the columns code, and any of name, category, unit, standard_cost, cost_currency, cost_from, price_list, list_price, price_from.");
        var (name, category, unit) = (Column("name"), Column("category"), Column("unit"));
        var (costColumn, costCurrency, costFrom) = (Column("standard_cost"), Column("cost_currency"), Column("cost_from"));
        var (priceList, listPrice, priceFrom) = (Column("price_list"), Column("list_price"), Column("price_from"));
        var lists = await db.PriceLists.AsNoTracking().ToDictionaryAsync(l => l.Name, l => l.Id, StringComparer.OrdinalIgnoreCase, ct);

        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var errors = new List<string>();
        var read = 0;
        foreach (var record in opened.Records(ct))
        {
            read++;
            string? Cell(int? column) => column is { } c && c < record.Cells.Length && RejectsWriter.Text(record.Cells[c]).Trim() is { Length: > 0 } text ? text : null;
            void Error(string column, string reason) => errors.Add($"row {record.Row}, {column}: {reason}");
            if (record.Problem is { } problem)
            {
                Error("row", problem);
                continue;
            }
            var key = Cell(code);
            if (key is null)
            {
                Error("code", "the code is empty; every row names its product by code.");
                continue;
            }
            if (key.Length > RevenueLimits.ProductCode)
            {
                Error("code", $"the code is {key.Length} characters long; at most {RevenueLimits.ProductCode}.");
                continue;
            }
            if (!entries.TryGetValue(key, out var entry))
            {
                entries[key] = entry = new Entry { Row = record.Row };
            }
            entry.Name = Same(entry.Name, Text(Cell(name), RevenueLimits.Name, "name"), "name");
            entry.Category = Same(entry.Category, Text(Cell(category), RevenueLimits.Category, "category"), "category");
            entry.Unit = Same(entry.Unit, Text(Cell(unit), RevenueLimits.Unit, "unit"), "unit");

            if (Cell(costColumn) is not null || Cell(costCurrency) is not null || Cell(costFrom) is not null)
            {
                var amount = Amount(Cell(costColumn), "standard_cost");
                var currency = Cell(costCurrency)?.ToUpperInvariant();
                if (currency is null || currency.Length != 3 || !Currencies.IsKnown(currency))
                {
                    Error("cost_currency", currency is null ? "a standard cost needs its currency, such as EUR." : $"'{currency}' is not an ISO 4217 currency code.");
                }
                var from = Date(record, costFrom, "cost_from");
                if (amount is { } a && currency is not null && from is { } d)
                {
                    entry.Costs.Add(new ProductCost { Currency = currency, EffectiveFrom = d, UnitCost = a });
                }
            }
            if (Cell(priceList) is not null || Cell(listPrice) is not null || Cell(priceFrom) is not null)
            {
                var amount = Amount(Cell(listPrice), "list_price");
                var listName = Cell(priceList);
                Guid? listId = null;
                if (listName is null)
                {
                    Error("price_list", "a list price needs the name of its price list.");
                }
                else if (lists.TryGetValue(listName, out var id))
                {
                    listId = id;
                }
                else
                {
                    Error("price_list", $"there is no price list named '{listName}'; add it on the Products page or with POST /api/v1/price-lists first.");
                }
                var from = Date(record, priceFrom, "price_from");
                if (amount is { } a && listId is { } l && from is { } d)
                {
                    entry.Prices.Add(new ProductPrice { PriceListId = l, EffectiveFrom = d, UnitPrice = a });
                }
            }

            string? Text(string? value, int max, string column)
            {
                if (value is not null && value.Length > max)
                {
                    Error(column, $"{value.Length} characters long; at most {max}.");
                    return null;
                }
                return value;
            }

            string? Same(string? earlier, string? value, string column)
            {
                if (earlier is not null && value is not null && !string.Equals(earlier, value, StringComparison.Ordinal))
                {
                    Error(column, $"'{value}' differs from '{earlier}' in row {entry.Row} for the same code; give one.");
                }
                return earlier ?? value;
            }

            decimal? Amount(string? text, string column)
            {
                if (text is null)
                {
                    Error(column, "the amount is empty.");
                    return null;
                }
                if (!ErpNumber.TryParse(text, DecimalSeparator.Unknown, out var value, out var problem))
                {
                    Error(column, $"'{text}' {problem} (write amounts as 12.50).");
                    return null;
                }
                if (ProductInput.AmountProblem(value, column.Replace('_', ' ')) is { } invalid)
                {
                    Error(column, invalid);
                    return null;
                }
                return value;
            }

            DateOnly? Date(SourceRecord row, int? column, string header)
            {
                if (column is { } c && c < row.Cells.Length && row.Cells[c] is DateTime t)
                {
                    return DateOnly.FromDateTime(t);
                }
                var text = Cell(column);
                if (text is null)
                {
                    Error(header, "the date it applies from is empty; write it as 2026-01-01.");
                    return null;
                }
                if (!ErpDate.TryParse(text, DateOrder.Unknown, out var stamp, out var problem) || !stamp.IsDateOnly)
                {
                    Error(header, $"'{text}' {problem ?? "has a time; give the date alone"}.");
                    return null;
                }
                return stamp.Date;
            }
        }
        foreach (var (key, entry) in entries)
        {
            if (entry.Costs.GroupBy(c => (c.Currency, c.EffectiveFrom)).FirstOrDefault(g => g.Select(c => c.UnitCost).Distinct().Count() > 1) is { } cost)
            {
                errors.Add($"code {key}: two different {cost.Key.Currency} costs from {cost.Key.EffectiveFrom:yyyy-MM-dd}; give one.");
            }
            if (entry.Prices.GroupBy(p => (p.PriceListId, p.EffectiveFrom)).FirstOrDefault(g => g.Select(p => p.UnitPrice).Distinct().Count() > 1) is { } price)
            {
                errors.Add($"code {key}: two different prices on one list from {price.Key.EffectiveFrom:yyyy-MM-dd}; give one.");
            }
        }
        var codes = entries.Keys.ToList();
        var stored = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in codes.Chunk(500))
        {
            foreach (var product in await db.Products.AsTracking().Where(p => chunk.Contains(p.Code)).ToListAsync(ct))
            {
                stored[product.Code] = product;
            }
        }
        foreach (var (key, entry) in entries.Where(e => !stored.ContainsKey(e.Key) && e.Value.Name is null))
        {
            errors.Add($"row {entry.Row}, name: {key} is a new product; give its name.");
        }
        if (errors.Count > 0)
        {
            var shown = errors.Take(ErrorsShown).ToList();
            shown.Add(errors.Count > ErrorsShown ? $"… and {errors.Count - ErrorsShown} more. Nothing was saved." : "Nothing was saved.");
            throw new ValidationException(new Dictionary<string, string[]> { ["products"] = [.. shown] });
        }

        int created = 0, updated = 0, unchanged = 0, costsSet = 0, pricesSet = 0;
        var kpisChange = false;
        var productIds = stored.Values.Select(p => p.Id).ToList();
        var storedCosts = new List<ProductCost>();
        var storedPrices = new List<ProductPrice>();
        foreach (var chunk in productIds.Chunk(500))
        {
            storedCosts.AddRange(await db.ProductCosts.AsTracking().Where(c => chunk.Contains(c.ProductId)).ToListAsync(ct));
            storedPrices.AddRange(await db.ProductPrices.AsTracking().Where(p => chunk.Contains(p.ProductId)).ToListAsync(ct));
        }
        foreach (var (key, entry) in entries)
        {
            var isNew = !stored.TryGetValue(key, out var product);
            if (product is null)
            {
                product = new Product { Code = key, Name = entry.Name! };
                db.Products.Add(product);
                created++;
            }
            var changed = false;
            if (entry.Name is { } n && product.Name != n)
            {
                product.Name = n;
                changed = true;
            }
            if (entry.Category is { } c && product.Category != c)
            {
                product.Category = c;
                changed = true;
                kpisChange |= !isNew;
            }
            if (entry.Unit is { } u && product.Unit != u)
            {
                product.Unit = u;
                changed = true;
            }
            foreach (var cost in entry.Costs.DistinctBy(x => (x.Currency, x.EffectiveFrom)))
            {
                var existing = storedCosts.Find(x => x.ProductId == product.Id && x.Currency == cost.Currency && x.EffectiveFrom == cost.EffectiveFrom);
                if (existing is null)
                {
                    db.ProductCosts.Add(new ProductCost { ProductId = product.Id, Currency = cost.Currency, EffectiveFrom = cost.EffectiveFrom, UnitCost = cost.UnitCost });
                }
                else if (existing.UnitCost != cost.UnitCost)
                {
                    existing.UnitCost = cost.UnitCost;
                }
                else
                {
                    continue;
                }
                costsSet++;
                changed = true;
                kpisChange |= !isNew;
            }
            foreach (var price in entry.Prices.DistinctBy(x => (x.PriceListId, x.EffectiveFrom)))
            {
                var existing = storedPrices.Find(x => x.ProductId == product.Id && x.PriceListId == price.PriceListId && x.EffectiveFrom == price.EffectiveFrom);
                if (existing is null)
                {
                    db.ProductPrices.Add(new ProductPrice { ProductId = product.Id, PriceListId = price.PriceListId, EffectiveFrom = price.EffectiveFrom, UnitPrice = price.UnitPrice });
                }
                else if (existing.UnitPrice != price.UnitPrice)
                {
                    existing.UnitPrice = price.UnitPrice;
                }
                else
                {
                    continue;
                }
                pricesSet++;
                changed = true;
            }
            if (!isNew && product.CreatedByImport)
            {
                // The catalogue file is someone's checked list: what an invoice import guessed is reviewed now.
                product.CreatedByImport = false;
                changed = true;
            }
            if (!isNew)
            {
                if (changed)
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (kpisChange)
        {
            await Kpis.RevenueRevision.BumpAsync(db, ct);
        }
        await transaction.CommitAsync(ct);
        return new ProductImportResult(read, created, updated, unchanged, costsSet, pricesSet);
    }
}
