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
    private NpgsqlBinaryImporter? _copy;
    private bool _positions;

    private PostgresInvoiceLineStage(KeystoneDbContext db, IReadOnlyList<InvoiceLineStaging.Column> columns, NpgsqlBinaryImporter copy)
    {
        _db = db;
        _columns = columns;
        _copy = copy;
        if (!columns.Select(c => c.Property.Name).SequenceEqual(Written))
        {
            throw new InvalidOperationException($"The PostgreSQL stage writes {string.Join(", ", Written)}; update it to the columns of {nameof(InvoiceLineStaging)}.");
        }
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

    public ValueTask AddAsync(StagedLine line, CancellationToken ct)
    {
        var copy = _copy ?? throw new InvalidOperationException("The staging is complete already.");
        ct.ThrowIfCancellationRequested();
        copy.StartRow();
        copy.Write(line.Row, NpgsqlDbType.Bigint);
        copy.Write(line.InvoiceNumber, NpgsqlDbType.Text);
        if (line.LineKey is null)
        {
            _positions = true;
            copy.WriteNull();
        }
        else
        {
            copy.Write(line.LineKey, NpgsqlDbType.Text);
        }
        copy.Write(line.Line is not null, NpgsqlDbType.Boolean);
        if (line.Line is not { } l)
        {
            for (var i = 0; i < _columns.Count; i++)
            {
                copy.WriteNull();
            }
            return ValueTask.CompletedTask;
        }
        // Synchronous, typed writes in the order of InvoiceLineStaging.Columns (checked in the constructor): no boxing, no
        // type lookup and no state machine per value; a write blocks only when a full buffer goes to the server.
        copy.Write(l.Id, NpgsqlDbType.Uuid);
        Write(copy, l.AccountId, NpgsqlDbType.Uuid);
        copy.Write(l.Source, NpgsqlDbType.Text);
        copy.Write(l.InvoiceNumber, NpgsqlDbType.Text);
        copy.Write(l.InvoiceDate, NpgsqlDbType.Date);
        // timestamptz takes UTC only.
        Write(copy, l.InvoicedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        WriteText(copy, l.SourceTimestamp);
        WriteText(copy, l.CustomerExternalId);
        WriteText(copy, l.CustomerName);
        copy.Write(l.ProductId, NpgsqlDbType.Uuid);
        copy.Write(l.Quantity, NpgsqlDbType.Numeric);
        copy.Write(l.UnitPrice, NpgsqlDbType.Numeric);
        copy.Write(l.Currency, NpgsqlDbType.Text);
        Write(copy, l.UnitCost, NpgsqlDbType.Numeric);
        copy.Write(l.ExchangeRate, NpgsqlDbType.Numeric);
        copy.Write(l.Amount, NpgsqlDbType.Numeric);
        copy.Write(l.AmountE4, NpgsqlDbType.Bigint);
        Write(copy, l.CostAmount, NpgsqlDbType.Numeric);
        Write(copy, l.CostAmountE4, NpgsqlDbType.Bigint);
        copy.Write(l.ImportId, NpgsqlDbType.Uuid);
        return ValueTask.CompletedTask;
    }

    private static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            copy.Write(v, type);
        }
        else
        {
            copy.WriteNull();
        }
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    /// <summary>The properties <see cref="AddAsync"/> writes, in its order.</summary>
    private static readonly string[] Written =
    [
        nameof(InvoiceLine.Id), nameof(InvoiceLine.AccountId), nameof(InvoiceLine.Source), nameof(InvoiceLine.InvoiceNumber),
        nameof(InvoiceLine.InvoiceDate), nameof(InvoiceLine.InvoicedAt), nameof(InvoiceLine.SourceTimestamp),
        nameof(InvoiceLine.CustomerExternalId), nameof(InvoiceLine.CustomerName), nameof(InvoiceLine.ProductId),
        nameof(InvoiceLine.Quantity), nameof(InvoiceLine.UnitPrice), nameof(InvoiceLine.Currency), nameof(InvoiceLine.UnitCost),
        nameof(InvoiceLine.ExchangeRate), nameof(InvoiceLine.Amount), nameof(InvoiceLine.AmountE4), nameof(InvoiceLine.CostAmount),
        nameof(InvoiceLine.CostAmountE4), nameof(InvoiceLine.ImportId),
    ];

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
        merge.CommandText = InvoiceLineStaging.MergeSql(_db, InvoiceLineStaging.Table, positions: _positions);
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
