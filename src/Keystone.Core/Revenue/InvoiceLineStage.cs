using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Keystone.Core.Revenue;

/// <summary>
/// One row of an import for the bulk write: a valid <see cref="Line"/>, or (with <see cref="Line"/>
/// null) a rejected row of invoice <see cref="InvoiceNumber"/>, which still counts in the positions of
/// that invoice's rows, so that a line keeps its key when the rejected row is fixed and imported later.
/// </summary>
/// <param name="LineKey">The line number from the file; null to key the line by its position within the invoice.</param>
public readonly record struct StagedLine(long Row, string InvoiceNumber, string? LineKey, InvoiceLine? Line);

/// <summary>
/// The bulk write of one import, implemented by each database's provider (ADR 0004): rows are staged
/// in a temporary table as they are read, then moved into <c>invoice_lines</c> in one statement that
/// skips every key already there. Everything runs in the transaction open on the context, so an
/// import that fails part-way leaves nothing behind.
/// </summary>
public interface IInvoiceLineStage : IAsyncDisposable
{
    ValueTask AddAsync(StagedLine line, CancellationToken ct);

    /// <summary>Ends the staging; only then is the connection free for other commands (PostgreSQL's COPY holds it).</summary>
    Task CompleteAsync(CancellationToken ct);

    /// <summary>Inserts the staged valid lines that are not stored yet; returns how many it inserted.</summary>
    Task<long> MergeAsync(CancellationToken ct);
}

/// <summary>The shape of the staging table and the merge statement, which both providers share.</summary>
public static class InvoiceLineStaging
{
    public const string Table = "invoice_line_stage";
    public const string RowColumn = "stage_row";
    public const string InvoiceColumn = "stage_invoice";
    public const string LineKeyColumn = "stage_line_key";
    public const string ValidColumn = "stage_valid";

    /// <summary>A column of <c>invoice_lines</c> the import writes, with its value on a line and its EF property (for type mappings).</summary>
    public sealed record Column(string Name, Type ClrType, IProperty Property, Func<InvoiceLine, object?> Value);

    private static readonly (string Property, Func<InvoiceLine, object?> Value)[] Values =
    [
        (nameof(InvoiceLine.Id), l => l.Id),
        (nameof(InvoiceLine.AccountId), l => l.AccountId),
        (nameof(InvoiceLine.Source), l => l.Source),
        (nameof(InvoiceLine.InvoiceNumber), l => l.InvoiceNumber),
        (nameof(InvoiceLine.InvoiceDate), l => l.InvoiceDate),
        (nameof(InvoiceLine.InvoicedAt), l => l.InvoicedAt),
        (nameof(InvoiceLine.SourceTimestamp), l => l.SourceTimestamp),
        (nameof(InvoiceLine.CustomerExternalId), l => l.CustomerExternalId),
        (nameof(InvoiceLine.CustomerName), l => l.CustomerName),
        (nameof(InvoiceLine.ProductId), l => l.ProductId),
        (nameof(InvoiceLine.Quantity), l => l.Quantity),
        (nameof(InvoiceLine.UnitPrice), l => l.UnitPrice),
        (nameof(InvoiceLine.Currency), l => l.Currency),
        (nameof(InvoiceLine.UnitCost), l => l.UnitCost),
        (nameof(InvoiceLine.ExchangeRate), l => l.ExchangeRate),
        (nameof(InvoiceLine.Amount), l => l.Amount),
        (nameof(InvoiceLine.AmountE4), l => l.AmountE4),
        (nameof(InvoiceLine.CostAmount), l => l.CostAmount),
        (nameof(InvoiceLine.CostAmountE4), l => l.CostAmountE4),
        (nameof(InvoiceLine.ImportId), l => l.ImportId),
    ];

    private static IEntityType LineType(IModel model) => model.FindEntityType(typeof(InvoiceLine))
        ?? throw new InvalidOperationException("The model has no invoice lines.");

    /// <summary>Every column of <c>invoice_lines</c> except the line key, in the order the stage writes them.</summary>
    /// <exception cref="InvalidOperationException">The model has a column this list does not write (a property was added to <see cref="InvoiceLine"/> without adding it here).</exception>
    public static IReadOnlyList<Column> Columns(IModel model)
    {
        var entity = LineType(model);
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = Values.Select(v =>
        {
            var property = entity.FindProperty(v.Property)!;
            return new Column(property.GetColumnName(table)!, Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType, property, v.Value);
        }).ToList();
        var missing = entity.GetProperties().Select(p => p.Name)
            .Except(Values.Select(v => v.Property).Append(nameof(InvoiceLine.LineKey))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The invoice import does not write {string.Join(", ", missing)}; add them to {nameof(InvoiceLineStaging)}.");
        }
        return columns;
    }

    /// <summary>
    /// Sets <paramref name="property"/> to <paramref name="value"/> on the staged rows whose
    /// <paramref name="whereProperty"/> is <paramref name="whereValue"/>, before the merge (a product or an
    /// account someone added while the file was staged). Values are bound with EF's own mapping of each
    /// property, as the stage wrote them. The stage must be complete (PostgreSQL's COPY ended).
    /// </summary>
    public static async Task<int> ReassignAsync(
        KeystoneDbContext db, string property, object value, string whereProperty, object whereValue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var columns = Columns(db.Model);
        var (set, where) = (columns.Single(c => c.Property.Name == property), columns.Single(c => c.Property.Name == whereProperty));
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"UPDATE {Table} SET {sql.DelimitIdentifier(set.Name)} = @set WHERE {sql.DelimitIdentifier(where.Name)} = @where";
        foreach (var (name, column, bound) in new[] { ("@set", set, value), ("@where", where, whereValue) })
        {
            var mapping = (RelationalTypeMapping)column.Property.GetRelationalTypeMapping();
            command.Parameters.Add(mapping.CreateParameter(command, name, mapping.Converter?.ConvertToProvider(bound) ?? bound, nullable: false));
        }
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The statement that moves the valid staged lines into <c>invoice_lines</c>: a line without a line
    /// number is keyed by its position among its invoice's rows in the file, and a key already stored
    /// (or repeated in the file) is skipped.
    /// </summary>
    /// <param name="textType">The SQL type to cast a position to text (TEXT on both databases).</param>
    /// <param name="positions">
    /// Whether a staged row lacks a line number; when none does, the positions are not needed and the
    /// statement skips numbering them, which sorts the whole stage.
    /// </param>
    public static string MergeSql(KeystoneDbContext db, string stageTable, string textType = "TEXT", bool positions = true)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = LineType(db.Model);
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Quote(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var columns = string.Join(", ", Columns(db.Model).Select(c => sql.DelimitIdentifier(c.Name)));
        if (!positions)
        {
            // "WHERE" before "ON CONFLICT" also keeps SQLite from reading the ON as a join's.
            return $"""
                INSERT INTO {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} ({columns}, {Quote(nameof(InvoiceLine.LineKey))})
                SELECT {columns}, {LineKeyColumn}
                FROM {stageTable}
                WHERE {ValidColumn}
                ON CONFLICT ({Quote(nameof(InvoiceLine.Source))}, {Quote(nameof(InvoiceLine.InvoiceNumber))}, {Quote(nameof(InvoiceLine.LineKey))}) DO NOTHING
                """;
        }
        return $"""
            INSERT INTO {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} ({columns}, {Quote(nameof(InvoiceLine.LineKey))})
            SELECT {columns}, COALESCE({LineKeyColumn}, CAST(stage_position AS {textType}))
            FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY {InvoiceColumn} ORDER BY {RowColumn}) AS stage_position FROM {stageTable}) AS ranked
            WHERE {ValidColumn}
            ON CONFLICT ({Quote(nameof(InvoiceLine.Source))}, {Quote(nameof(InvoiceLine.InvoiceNumber))}, {Quote(nameof(InvoiceLine.LineKey))}) DO NOTHING
            """;
    }
}
