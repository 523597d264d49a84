using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Kpis;

/// <summary>A one-row table holding a counter that writes count up and readers compare (ADR 0012).</summary>
public interface IRevisionRow
{
    int Id { get; set; }

    long Revision { get; set; }
}

/// <summary>What <see cref="RevenueRevision"/> and <see cref="ActivityRevision"/> share: the count up, the read and the mapping.</summary>
internal static class RevisionRow
{
    public const int RowId = 1;

    /// <summary>
    /// Counts the revision up. Call it inside the write's own transaction, just before it commits: on
    /// PostgreSQL the row stays locked until then, so writers that count up queue only for that moment.
    /// </summary>
    public static async Task BumpAsync<T>(KeystoneDbContext db, CancellationToken ct)
        where T : class, IRevisionRow
    {
        ArgumentNullException.ThrowIfNull(db);
        var updated = await db.Set<T>()
            .Where(r => EF.Property<int>(r, nameof(IRevisionRow.Id)) == RowId)
            .ExecuteUpdateAsync(s => s.SetProperty(
                r => EF.Property<long>(r, nameof(IRevisionRow.Revision)),
                r => EF.Property<long>(r, nameof(IRevisionRow.Revision)) + 1), ct);
        if (updated == 0)
        {
            throw new InvalidOperationException($"The row of {db.Model.FindEntityType(typeof(T))!.GetTableName()} is missing; apply the migrations with 'keystone db migrate'.");
        }
    }

    /// <summary>The current revision, read before anything it stands for.</summary>
    public static Task<long> ReadAsync<T>(KeystoneDbContext db, CancellationToken ct)
        where T : class, IRevisionRow
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<T>().AsNoTracking()
            .Where(r => EF.Property<int>(r, nameof(IRevisionRow.Id)) == RowId)
            .Select(r => EF.Property<long>(r, nameof(IRevisionRow.Revision)))
            .SingleAsync(ct);
    }

    /// <summary>The table of one counter, created with its one row at 0.</summary>
    public static void Configure<T>(EntityTypeBuilder<T> builder, string table)
        where T : class, IRevisionRow, new()
    {
        builder.ToTable(table);
        builder.HasKey(nameof(IRevisionRow.Id));
        builder.Property<int>(nameof(IRevisionRow.Id)).ValueGeneratedNever();
        builder.HasData(new T { Id = RowId, Revision = 0 });
    }
}
