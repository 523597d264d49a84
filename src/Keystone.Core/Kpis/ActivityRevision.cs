using Keystone.Core.Data;

namespace Keystone.Core.Kpis;

/// <summary>
/// The revision of the activities, for the company's meetings and calls (ADR 0012): one row, counted up
/// in the same transaction as every saved change to an activity (<see cref="KeystoneDbContext.SaveChangesAsync(bool, CancellationToken)"/>).
/// </summary>
public sealed class ActivityRevision : IRevisionRow
{
    public int Id { get; set; } = RevisionRow.RowId;

    public long Revision { get; set; }

    /// <inheritdoc cref="RevisionRow.BumpAsync{T}"/>
    public static Task BumpAsync(KeystoneDbContext db, CancellationToken ct = default) => RevisionRow.BumpAsync<ActivityRevision>(db, ct);

    /// <inheritdoc cref="RevisionRow.ReadAsync{T}"/>
    public static Task<long> ReadAsync(KeystoneDbContext db, CancellationToken ct = default) => RevisionRow.ReadAsync<ActivityRevision>(db, ct);
}
