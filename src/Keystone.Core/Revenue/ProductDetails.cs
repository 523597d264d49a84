using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>A standard unit cost of a product from a date on, in one currency.</summary>
public sealed record ProductCostDetails(string Currency, DateOnly EffectiveFrom, decimal UnitCost);

/// <summary>A product's price on a price list from a date on, in the list's currency.</summary>
public sealed record ProductPriceDetails(string PriceList, string Currency, DateOnly EffectiveFrom, decimal UnitPrice);

/// <summary>
/// A product of the catalogue. <see cref="NeedsReview"/>: an import created it from an unknown code and
/// nobody has saved it since. <see cref="StandardCosts"/> is null for those who may not manage the
/// catalogue (standard costs are margins in disguise).
/// </summary>
public sealed record ProductDetails(
    Guid Id,
    string Code,
    string Name,
    string? Category,
    string? Unit,
    bool NeedsReview,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    IReadOnlyList<ProductCostDetails>? StandardCosts,
    IReadOnlyList<ProductPriceDetails> Prices)
{
    /// <summary>The offering the product counts under in the KPIs: its category, else the product itself (KPIS.md).</summary>
    public string Offering => Category ?? Code;

    /// <exception cref="NotFoundException">No product has this id.</exception>
    public static async Task<ProductDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default)
    {
        var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("Product", id);
        return (await DescribeAsync(db, [product], ct))[0];
    }

    internal static async Task<IReadOnlyList<ProductDetails>> DescribeAsync(KeystoneDbContext db, IReadOnlyList<Product> products, CancellationToken ct)
    {
        ILookup<Guid, ProductCostDetails>? costs = null;
        if (db.Actor.CanManageProducts())
        {
            var ids = products.Select(p => p.Id).ToList();
            var rows = await db.ProductCosts.AsNoTracking().Where(c => ids.Contains(c.ProductId)).ToListAsync(ct);
            costs = rows.OrderBy(c => c.Currency, StringComparer.Ordinal).ThenBy(c => c.EffectiveFrom)
                .ToLookup(c => c.ProductId, c => new ProductCostDetails(c.Currency, c.EffectiveFrom, c.UnitCost));
        }
        var productIds = products.Select(p => p.Id).ToList();
        var prices = (await (from price in db.ProductPrices.AsNoTracking()
                             join list in db.PriceLists.AsNoTracking() on price.PriceListId equals list.Id
                             where productIds.Contains(price.ProductId)
                             select new { price.ProductId, list.Name, list.Currency, price.EffectiveFrom, price.UnitPrice })
                .ToListAsync(ct))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom)
            .ToLookup(p => p.ProductId, p => new ProductPriceDetails(p.Name, p.Currency, p.EffectiveFrom, p.UnitPrice));
        return [.. products.Select(p => new ProductDetails(
            p.Id, p.Code, p.Name, p.Category, p.Unit, p.CreatedByImport, p.CreatedAt, p.UpdatedAt, p.Version,
            costs is null ? null : [.. costs[p.Id]], [.. prices[p.Id]]))];
    }
}
