using System.Linq.Expressions;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

public static class ListProducts
{
    public sealed record Query
    {
        /// <summary>Part of the code or the name, in any case.</summary>
        public string? Search { get; init; }

        /// <summary>Only the products an import created that nobody has saved since (true), or only the others (false).</summary>
        public bool? NeedsReview { get; init; }

        /// <summary>Exactly this category (offering).</summary>
        public string? Category { get; init; }

        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    private static readonly Keyset<Product> ByCode = new("code", false, (Expression<Func<Product, string>>)(p => p.Code), p => p.Id);

    /// <summary>The catalogue by code, a page at a time. Everyone signed in may read it; standard costs only those who manage it.</summary>
    public static async Task<Page<ProductDetails>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Paging.CheckPageSize(query.PageSize);
        var products = db.Products.AsNoTracking();
        if (query.Search?.Trim() is { Length: > 0 } search)
        {
            var lower = search.ToLowerInvariant();
            products = products.Where(p => p.Code.ToLower().Contains(lower) || p.Name.ToLower().Contains(lower));
        }
        if (query.NeedsReview is { } review)
        {
            products = products.Where(p => p.CreatedByImport == review);
        }
        if (query.Category?.Trim() is { Length: > 0 } category)
        {
            products = products.Where(p => p.Category == category);
        }
        var total = await products.CountAsync(ct);
        var rows = await ByCode.Apply(products, query.PageToken).Take(size).ToListAsync(ct);
        return new Page<ProductDetails>(await ProductDetails.DescribeAsync(db, rows, ct), ByCode.NextToken(rows, size), total);
    }

    /// <summary>The categories in use, for choosing one.</summary>
    public static async Task<IReadOnlyList<string>> CategoriesAsync(KeystoneDbContext db, CancellationToken ct = default) =>
        await db.Products.AsNoTracking().Where(p => p.Category != null).Select(p => p.Category!).Distinct().OrderBy(c => c).ToListAsync(ct);
}
