using Keystone.Core.Access;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>One past import run, as the imports page and the API list it.</summary>
public sealed record InvoiceImportListItem(
    Guid Id,
    string Source,
    string FileName,
    ImportStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    Guid? ImportedById,
    long Read,
    long Imported,
    long Duplicates,
    long Rejected,
    int UnmatchedCustomers,
    int ProductsCreated,
    int AccountsCreated);

/// <summary>The latest import runs, newest first.</summary>
public static class ListInvoiceImports
{
    public const int MaxCount = 500;

    /// <exception cref="ForbiddenException">The actor may not import revenue.</exception>
    public static async Task<IReadOnlyList<InvoiceImportListItem>> HandleAsync(KeystoneDbContext db, int count = 100, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanImportRevenue(), "Only an administrator or a head of KAM can see revenue imports.");
        var rows = await db.InvoiceImports.AsNoTracking()
            .Select(i => new InvoiceImportListItem(
                i.Id, i.Source, i.FileName, i.Status, i.StartedAt, i.FinishedAt, i.ImportedById,
                i.LinesRead, i.LinesImported, i.LinesDuplicate, i.LinesRejected, i.UnmatchedCustomers, i.ProductsCreated, i.AccountsCreated))
            .ToListAsync(ct);
        // Sorted in memory: SQLite cannot order by a DateTimeOffset, and the ids are time-ordered (version 7) anyway.
        return [.. rows.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(Math.Clamp(count, 1, MaxCount))];
    }
}
