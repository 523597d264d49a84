using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>A price list: its name and the currency of its prices.</summary>
public sealed record PriceListDetails(Guid Id, string Name, string Currency);

public static class ListPriceLists
{
    /// <summary>Every price list, by name; everyone signed in may read them.</summary>
    public static async Task<IReadOnlyList<PriceListDetails>> HandleAsync(KeystoneDbContext db, CancellationToken ct = default) =>
        await db.PriceLists.AsNoTracking().OrderBy(l => l.Name).Select(l => new PriceListDetails(l.Id, l.Name, l.Currency)).ToListAsync(ct);
}

public static class CreatePriceList
{
    /// <summary>Adds a price list in one currency; a name in use is a conflict (409).</summary>
    public static async Task<PriceListDetails> HandleAsync(KeystoneDbContext db, string? name, string? currency, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanManageProducts(), CreateProduct.NotAllowed);
        var v = new Validator();
        var list = new PriceList
        {
            Name = v.Required("name", name, 100, "The name") ?? "",
            Currency = v.Currency("currency", currency) ?? "",
        };
        if (string.IsNullOrWhiteSpace(currency))
        {
            v.Add("currency", "A currency is required, such as EUR.");
        }
        v.ThrowIfInvalid();
        await RefuseDuplicateAsync(db, list.Name, ct);
        db.PriceLists.Add(list);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await RefuseDuplicateAsync(db, list.Name, ct);
            throw;
        }
        return new PriceListDetails(list.Id, list.Name, list.Currency);
    }

    private static async Task RefuseDuplicateAsync(KeystoneDbContext db, string name, CancellationToken ct)
    {
        if (await db.PriceLists.AsNoTracking().AnyAsync(l => l.Name == name, ct))
        {
            throw new ConflictException($"There is already a price list named '{name}'; choose another name.");
        }
    }
}
