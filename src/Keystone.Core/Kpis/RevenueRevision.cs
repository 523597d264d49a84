using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>
/// The revision of everything the revenue KPIs are computed from (invoice lines, their attribution to
/// accounts, products and their standard costs): one row, counted up in the same transaction as every
/// write that can change a KPI figure, so that a stored figure tagged with an older revision is never
/// taken for a current one (ADR 0012).
/// </summary>
public sealed class RevenueRevision
{
    /// <summary>The one row's id.</summary>
    public const int RowId = 1;

    public int Id { get; set; } = RowId;

    public long Revision { get; set; }

    /// <summary>
    /// Counts the revision up. Call it inside the write's own transaction, just before it commits: on
    /// PostgreSQL the row stays locked until then, so writers that bump queue only for that moment.
    /// </summary>
    public static async Task BumpAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var updated = await db.Set<RevenueRevision>()
            .Where(r => r.Id == RowId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Revision, r => r.Revision + 1), ct);
        if (updated == 0)
        {
            throw new InvalidOperationException("The revenue revision row is missing; apply the migrations with 'keystone db migrate'.");
        }
    }

    /// <summary>The current revision, read before anything it stands for.</summary>
    public static Task<long> ReadAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<RevenueRevision>().AsNoTracking().Where(r => r.Id == RowId).Select(r => r.Revision).SingleAsync(ct);
    }
}
