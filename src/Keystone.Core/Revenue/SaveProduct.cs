using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

public static class CreateProduct
{
    internal const string NotAllowed = "The product catalogue is kept by administrators and heads of KAM; you may read it but not change it.";

    /// <summary>Adds a product; a code that exists already is a conflict (409) naming that product.</summary>
    public static async Task<ProductDetails> HandleAsync(KeystoneDbContext db, ProductInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        AccessRules.Demand(db.Actor.CanManageProducts(), NotAllowed);
        var v = new Validator();
        var product = new Product
        {
            Code = v.Required("code", input.Code.GetValueOrDefault(null), RevenueLimits.ProductCode, "The code") ?? "",
            Name = v.Required("name", input.Name.GetValueOrDefault(null), RevenueLimits.Name, "The name") ?? "",
            Category = v.Optional("category", input.Category.GetValueOrDefault(null), RevenueLimits.Category, "The category"),
            Unit = v.Optional("unit", input.Unit.GetValueOrDefault(null), RevenueLimits.Unit, "The unit"),
        };
        var costs = ProductInput.CheckCosts(v, product.Id, input.StandardCosts.GetValueOrDefault(null));
        var prices = await ProductInput.CheckPricesAsync(v, db, product.Id, input.Prices.GetValueOrDefault(null), ct);
        v.ThrowIfInvalid();
        await RefuseDuplicateAsync(db, product.Code, ct);
        db.Products.Add(product);
        db.ProductCosts.AddRange(costs);
        db.ProductPrices.AddRange(prices);
        try
        {
            // A new product has no lines yet: the stored KPIs stay as they are.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another writer (or an import) added the same code between the check and the insert.
            db.ChangeTracker.Clear();
            await RefuseDuplicateAsync(db, product.Code, ct);
            throw;
        }
        return await ProductDetails.LoadAsync(db, product.Id, ct);
    }

    private static async Task RefuseDuplicateAsync(KeystoneDbContext db, string code, CancellationToken ct)
    {
        var existing = await db.Products.AsNoTracking().Where(p => p.Code == code).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            throw new ConflictException($"There is already a product with code '{code}' (/api/v1/products/{id}); change that one instead of adding another.");
        }
    }
}

public static class UpdateProduct
{
    /// <summary>
    /// Changes a product's name, category, unit, standard costs or list prices (both replaced whole), and marks it reviewed.
    /// A new category or new costs change the KPIs of every account that bought it: the revenue revision
    /// moves in the same transaction, so every stored KPI is computed again.
    /// </summary>
    public static async Task<ProductDetails> HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, ProductInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        AccessRules.Demand(db.Actor.CanManageProducts(), CreateProduct.NotAllowed);
        var product = await db.Products.AsTracking().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("Product", id);
        var v = new Validator();
        if (input.Code.IsSet && !string.Equals(input.Code.Value?.Trim(), product.Code, StringComparison.Ordinal))
        {
            v.Add("code", $"The code is the product's key in the ERP, which imports match lines by; it stays '{product.Code}'. Add a product with the new code instead.");
        }
        if (input.Name.IsSet)
        {
            product.Name = v.Required("name", input.Name.Value, RevenueLimits.Name, "The name") ?? product.Name;
        }
        var oldCategory = product.Category;
        if (input.Category.IsSet)
        {
            product.Category = v.Optional("category", input.Category.Value, RevenueLimits.Category, "The category");
        }
        if (input.Unit.IsSet)
        {
            product.Unit = v.Optional("unit", input.Unit.Value, RevenueLimits.Unit, "The unit");
        }
        var costs = input.StandardCosts.IsSet ? ProductInput.CheckCosts(v, product.Id, input.StandardCosts.Value) : null;
        var prices = input.Prices.IsSet ? await ProductInput.CheckPricesAsync(v, db, product.Id, input.Prices.Value, ct) : null;
        v.ThrowIfInvalid();
        var costsChanged = costs is not null && await ReplaceCostsAsync(db, product.Id, costs, ct);
        if (prices is not null)
        {
            await ReplacePricesAsync(db, product.Id, prices, ct);
        }
        if (expectedVersion is { } expected && product.Version != expected)
        {
            throw new ConcurrencyConflictException("Product", id, product.Version);
        }
        // Saved by a person: checked, whatever was changed.
        product.CreatedByImport = false;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            var current = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Product", id, current);
        }
        if (costsChanged || !string.Equals(oldCategory, product.Category, StringComparison.Ordinal))
        {
            await Kpis.RevenueRevision.BumpAsync(db, ct);
        }
        await transaction.CommitAsync(ct);
        return await ProductDetails.LoadAsync(db, id, ct);
    }

    /// <summary>Tracks the changes that make the stored list prices equal <paramref name="wanted"/>; prices do not enter the KPIs.</summary>
    private static async Task ReplacePricesAsync(KeystoneDbContext db, Guid productId, List<ProductPrice> wanted, CancellationToken ct)
    {
        var stored = await db.ProductPrices.AsTracking().Where(p => p.ProductId == productId).ToListAsync(ct);
        foreach (var price in stored)
        {
            var match = wanted.Find(w => w.PriceListId == price.PriceListId && w.EffectiveFrom == price.EffectiveFrom);
            if (match is null)
            {
                db.ProductPrices.Remove(price);
            }
            else if (match.UnitPrice != price.UnitPrice)
            {
                price.UnitPrice = match.UnitPrice;
            }
        }
        db.ProductPrices.AddRange(wanted.Where(w => !stored.Exists(p => p.PriceListId == w.PriceListId && p.EffectiveFrom == w.EffectiveFrom)));
    }

    /// <summary>Tracks the changes that make the stored costs equal <paramref name="wanted"/>; true when there are any.</summary>
    private static async Task<bool> ReplaceCostsAsync(KeystoneDbContext db, Guid productId, List<ProductCost> wanted, CancellationToken ct)
    {
        var stored = await db.ProductCosts.AsTracking().Where(c => c.ProductId == productId).ToListAsync(ct);
        var changed = false;
        foreach (var cost in stored)
        {
            var match = wanted.Find(w => w.Currency == cost.Currency && w.EffectiveFrom == cost.EffectiveFrom);
            if (match is null)
            {
                db.ProductCosts.Remove(cost);
                changed = true;
            }
            else if (match.UnitCost != cost.UnitCost)
            {
                cost.UnitCost = match.UnitCost;
                changed = true;
            }
        }
        foreach (var cost in wanted.Where(w => !stored.Exists(c => c.Currency == w.Currency && c.EffectiveFrom == w.EffectiveFrom)))
        {
            db.ProductCosts.Add(cost);
            changed = true;
        }
        return changed;
    }
}
