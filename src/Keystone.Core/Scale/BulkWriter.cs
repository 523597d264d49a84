using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Keystone.Core.Scale;

/// <summary>
/// Writes many rows of one table fast, bypassing change tracking and the audit trail, inside the
/// transaction open on the context: PostgreSQL with binary COPY, SQLite with one prepared insert
/// reused for every row. Each database's provider implements it (<see cref="Data.IDatabaseProvider"/>).
/// </summary>
public interface IBulkWriter : IAsyncDisposable
{
    ValueTask AddAsync(object entity, CancellationToken ct);

    /// <summary>Ends the write; only then is the connection free for other commands (PostgreSQL's COPY holds it).</summary>
    Task CompleteAsync(CancellationToken ct);
}

/// <summary>The table and columns a bulk write fills, read from the EF model so that a new property is written too.</summary>
public sealed record BulkTable(string Name, string? Schema, IReadOnlyList<BulkColumn> Columns)
{
    public static BulkTable For(IModel model, Type clrType)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entity = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"The model has no {clrType.Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => p.GetColumnName(table) is not null && !IsStoreGenerated(p) && !p.IsShadowProperty())
            .Select(p => new BulkColumn(p.GetColumnName(table)!, p))
            .ToList();
        return new BulkTable(table.Name, table.Schema, columns);
    }

    // Identity columns (an audit entry's id) are the database's to fill.
    private static bool IsStoreGenerated(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAdd && property.ClrType is { } t && (t == typeof(int) || t == typeof(long));
}

/// <summary>One column: its name and the EF property, whose getter and type mapping give the value as EF would store it.</summary>
public sealed record BulkColumn(string Name, IProperty Property)
{
    private readonly IClrPropertyGetter _getter = Property.GetGetter();

    public object? ValueOf(object entity) => _getter.GetClrValueUsingContainingEntity(entity);
}
