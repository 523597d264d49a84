using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Keystone.Data.Postgres;

/// <summary>
/// Streams an import's rows with binary COPY into a temporary table that is dropped with the
/// transaction, then merges them into <c>invoice_lines</c> with <c>INSERT … SELECT … ON CONFLICT DO
/// NOTHING</c> in the same transaction (ADR 0004).
/// </summary>
internal sealed class PostgresInvoiceLineStage : IInvoiceLineStage
{
    private readonly KeystoneDbContext _db;
    private readonly IReadOnlyList<InvoiceLineStaging.Column> _columns;
    private readonly NpgsqlDbType[] _types;
    private NpgsqlBinaryImporter? _copy;

    private PostgresInvoiceLineStage(KeystoneDbContext db, IReadOnlyList<InvoiceLineStaging.Column> columns, NpgsqlBinaryImporter copy)
    {
        _db = db;
        _columns = columns;
        _copy = copy;
        _types = [.. columns.Select(c => TypeOf(c.ClrType))];
    }

    public static async Task<IInvoiceLineStage> BeginAsync(KeystoneDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Begin a transaction before staging invoice lines.");
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var columns = InvoiceLineStaging.Columns(db.Model);
        var sql = db.GetService<ISqlGenerationHelper>();
        var definitions = columns.Select(c => $"{sql.DelimitIdentifier(c.Name)} {SqlType(c.ClrType)}");
        await using (var create = connection.CreateCommand())
        {
            create.CommandText =
                $"CREATE TEMP TABLE {InvoiceLineStaging.Table} ({InvoiceLineStaging.RowColumn} bigint NOT NULL, {InvoiceLineStaging.InvoiceColumn} text NOT NULL, " +
                $"{InvoiceLineStaging.LineKeyColumn} text, {InvoiceLineStaging.ValidColumn} boolean NOT NULL, {string.Join(", ", definitions)}) ON COMMIT DROP";
            await create.ExecuteNonQueryAsync(ct);
        }
        var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)));
        var copy = await connection.BeginBinaryImportAsync(
            $"COPY {InvoiceLineStaging.Table} ({InvoiceLineStaging.RowColumn}, {InvoiceLineStaging.InvoiceColumn}, {InvoiceLineStaging.LineKeyColumn}, {InvoiceLineStaging.ValidColumn}, {names}) FROM STDIN (FORMAT BINARY)",
            ct);
        return new PostgresInvoiceLineStage(db, columns, copy);
    }

    public async ValueTask AddAsync(StagedLine line, CancellationToken ct)
    {
        var copy = _copy ?? throw new InvalidOperationException("The staging is complete already.");
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(line.Row, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(line.InvoiceNumber, NpgsqlDbType.Text, ct);
        if (line.LineKey is null)
        {
            await copy.WriteNullAsync(ct);
        }
        else
        {
            await copy.WriteAsync(line.LineKey, NpgsqlDbType.Text, ct);
        }
        await copy.WriteAsync(line.Line is not null, NpgsqlDbType.Boolean, ct);
        for (var i = 0; i < _columns.Count; i++)
        {
            var value = line.Line is null ? null : _columns[i].Value(line.Line);
            if (value is null)
            {
                await copy.WriteNullAsync(ct);
                continue;
            }
            // timestamptz takes UTC only.
            await copy.WriteAsync(value is DateTimeOffset instant ? instant.ToUniversalTime() : value, _types[i], ct);
        }
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        var copy = _copy ?? throw new InvalidOperationException("The staging is complete already.");
        _copy = null;
        await copy.CompleteAsync(ct);
        await copy.DisposeAsync();
    }

    public async Task<long> MergeAsync(CancellationToken ct)
    {
        if (_copy is not null)
        {
            await CompleteAsync(ct);
        }
        var connection = (NpgsqlConnection)_db.Database.GetDbConnection();
        await using var merge = connection.CreateCommand();
        merge.CommandText = InvoiceLineStaging.MergeSql(_db, InvoiceLineStaging.Table);
        merge.CommandTimeout = 0;
        return await merge.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing a COPY that was not completed cancels it; the caller then rolls the transaction back.
        if (_copy is { } copy)
        {
            _copy = null;
            await copy.DisposeAsync();
        }
    }

    private static NpgsqlDbType TypeOf(Type type) => type switch
    {
        _ when type == typeof(Guid) => NpgsqlDbType.Uuid,
        _ when type == typeof(string) => NpgsqlDbType.Text,
        _ when type == typeof(decimal) => NpgsqlDbType.Numeric,
        _ when type == typeof(long) => NpgsqlDbType.Bigint,
        _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
        _ when type == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
        _ => throw new NotSupportedException($"The invoice import cannot stage a {type.Name}."),
    };

    private static string SqlType(Type type) => TypeOf(type) switch
    {
        NpgsqlDbType.Uuid => "uuid",
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Numeric => "numeric",
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Date => "date",
        NpgsqlDbType.TimestampTz => "timestamptz",
        _ => throw new NotSupportedException(),
    };
}
