using Keystone.Core.Data;

namespace Keystone.Core.Kpis;

/// <summary>
/// The revision of everything the revenue KPIs are computed from (invoice lines, their attribution to
/// accounts, products and their standard costs): one row, counted up in the same transaction as every
/// write that can change a KPI figure, so that a stored figure tagged with an older revision is never
/// taken for a current one (ADR 0012).
/// </summary>
public sealed class RevenueRevision : IRevisionRow
{
    public int Id { get; set; } = RevisionRow.RowId;

    public long Revision { get; set; }

    /// <inheritdoc cref="RevisionRow.BumpAsync{T}"/>
    public static Task BumpAsync(KeystoneDbContext db, CancellationToken ct = default) => RevisionRow.BumpAsync<RevenueRevision>(db, ct);

    /// <inheritdoc cref="RevisionRow.ReadAsync{T}"/>
    public static Task<long> ReadAsync(KeystoneDbContext db, CancellationToken ct = default) => RevisionRow.ReadAsync<RevenueRevision>(db, ct);
}
