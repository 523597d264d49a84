using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>
/// The revision of the activities, for the company's meetings and calls (ADR 0012): one row, counted up
/// in the same transaction as every saved change to an activity (<see cref="KeystoneDbContext.SaveChangesAsync(bool, CancellationToken)"/>).
/// </summary>
public sealed class ActivityRevision
{
    public const int RowId = 1;

    public int Id { get; set; } = RowId;

    public long Revision { get; set; }

    public static async Task BumpAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var updated = await db.Set<ActivityRevision>()
            .Where(r => r.Id == RowId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Revision, r => r.Revision + 1), ct);
        if (updated == 0)
        {
            throw new InvalidOperationException("The activity revision row is missing; apply the migrations with 'keystone db migrate'.");
        }
    }

    public static Task<long> ReadAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<ActivityRevision>().AsNoTracking().Where(r => r.Id == RowId).Select(r => r.Revision).SingleAsync(ct);
    }
}
