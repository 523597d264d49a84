using System.Data.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Keystone.Data.Sqlite;

/// <summary>
/// Stages an import's rows in a temporary table through one prepared insert reused for every row,
/// then merges them into <c>invoice_lines</c> in one statement, all in the import's transaction
/// (ADR 0004). SQLite has one writer at a time: other writers wait while an import runs.
/// </summary>
internal sealed class SqliteInvoiceLineStage : IInvoiceLineStage
{
    private const string Stage = "temp." + InvoiceLineStaging.Table;

    private readonly KeystoneDbContext _db;
    private readonly DbCommand _insert;
    private readonly IReadOnlyList<InvoiceLineStaging.Column> _columns;
    private readonly (DbParameter Parameter, RelationalTypeMapping Mapping)[] _parameters;
    private readonly DbParameter _row;
    private readonly DbParameter _invoice;
    private readonly DbParameter _lineKey;
    private readonly DbParameter _valid;

    private SqliteInvoiceLineStage(KeystoneDbContext db, DbCommand insert, IReadOnlyList<InvoiceLineStaging.Column> columns)
    {
        _db = db;
        _insert = insert;
        _columns = columns;
        _row = Add(insert, "$row");
        _invoice = Add(insert, "$invoice");
        _lineKey = Add(insert, "$line_key");
        _valid = Add(insert, "$valid");
        // EF's own mapping of each property makes the parameter, so that the stored text of a Guid,
        // a decimal or a date is exactly what EF writes and compares.
        _parameters = [.. columns.Select((c, i) =>
        {
            var mapping = (RelationalTypeMapping)c.Property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(insert, $"$p{i}", null, nullable: true);
            insert.Parameters.Add(parameter);
            return (parameter, mapping);
        })];
    }

    public static async Task<IInvoiceLineStage> BeginAsync(KeystoneDbContext db, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Begin a transaction before staging invoice lines.");
        var connection = db.Database.GetDbConnection();
        var columns = InvoiceLineStaging.Columns(db.Model);
        var sql = db.GetService<ISqlGenerationHelper>();
        var names = columns.Select(c => sql.DelimitIdentifier(c.Name)).ToList();
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {Stage}", ct);
        // Columns without a type keep each value exactly as bound (no affinity conversion).
        await ExecuteAsync(connection, transaction,
            $"CREATE TEMP TABLE {InvoiceLineStaging.Table} ({InvoiceLineStaging.RowColumn}, {InvoiceLineStaging.InvoiceColumn}, {InvoiceLineStaging.LineKeyColumn}, {InvoiceLineStaging.ValidColumn}, {string.Join(", ", names)})",
            ct);
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            $"INSERT INTO {Stage} VALUES ($row, $invoice, $line_key, $valid, {string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var stage = new SqliteInvoiceLineStage(db, insert, columns);
        insert.Prepare();
        return stage;
    }

    public async ValueTask AddAsync(StagedLine line, CancellationToken ct)
    {
        _row.Value = line.Row;
        _invoice.Value = line.InvoiceNumber;
        _lineKey.Value = (object?)line.LineKey ?? DBNull.Value;
        _valid.Value = line.Line is null ? 0 : 1;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var (parameter, mapping) = _parameters[i];
            var value = line.Line is null ? null : _columns[i].Value(line.Line);
            parameter.Value = value is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(value) ?? value;
        }
        await _insert.ExecuteNonQueryAsync(ct);
    }

    public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<long> MergeAsync(CancellationToken ct)
    {
        var connection = _db.Database.GetDbConnection();
        var transaction = _db.Database.CurrentTransaction!.GetDbTransaction();
        var inserted = await ExecuteAsync(connection, transaction, InvoiceLineStaging.MergeSql(_db, Stage), ct);
        await ExecuteAsync(connection, transaction, $"DROP TABLE {Stage}", ct);
        return inserted;
    }

    public ValueTask DisposeAsync() => _insert.DisposeAsync();

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(ct);
    }
}
