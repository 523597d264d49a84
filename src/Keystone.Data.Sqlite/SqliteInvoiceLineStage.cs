using System.Data.Common;
using System.Globalization;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Keystone.Data.Sqlite;

/// <summary>
/// Stages an import's rows in a temporary table through one prepared insert reused for every row,
/// then merges them into <c>invoice_lines</c> in one statement
/// (ADR 0004). SQLite has one writer at a time: the rows are staged in a deferred transaction that
/// writes only the temporary table (no write lock on the database), and merged in the import's
/// second transaction, the only part other writers wait for.
/// The rows are bound by position straight to SQLite's statement (<see cref="Binder"/>): ADO.NET looks
/// every parameter up by name on every execution, which was most of the import's time.
/// </summary>
internal sealed class SqliteInvoiceLineStage : IInvoiceLineStage
{
    private const string Stage = "temp." + InvoiceLineStaging.Table;
    private const int ImportCacheKiB = 64 * 1024;
    private const int ImportTempCacheKiB = 16 * 1024;

    private readonly KeystoneDbContext _db;
    private readonly DbCommand _insert;
    private readonly IReadOnlyList<InvoiceLineStaging.Column> _columns;
    private readonly (DbParameter Parameter, RelationalTypeMapping Mapping)[] _parameters;
    private readonly DbParameter _row;
    private readonly DbParameter _invoice;
    private readonly DbParameter _lineKey;
    private readonly DbParameter _valid;
    private bool _positions;
    private string? _restore;
    private Binder? _binder;

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
        // A larger page cache for the import only: the merge inserts into the indexes of invoice_lines
        // at random places, and with SQLite's default of 2 MB nearly every insert reads pages from the
        // file again. A fixed bound (not the file's size), restored when the stage is disposed because
        // the connection goes back to the pool. Durability is untouched: journal and synchronous stay.
        var cacheSize = await ScalarAsync(connection, transaction, "PRAGMA main.cache_size", ct);
        var tempCacheSize = await ScalarAsync(connection, transaction, "PRAGMA temp.cache_size", ct);
        await ExecuteAsync(connection, transaction, $"PRAGMA main.cache_size = {-ImportCacheKiB}", ct);
        await ExecuteAsync(connection, transaction, $"PRAGMA temp.cache_size = {-ImportTempCacheKiB}", ct);
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {Stage}", ct);
        // Columns without a type keep each value exactly as bound (no affinity conversion).
        await ExecuteAsync(connection, transaction,
            $"CREATE TEMP TABLE {InvoiceLineStaging.Table} ({InvoiceLineStaging.RowColumn}, {InvoiceLineStaging.InvoiceColumn}, {InvoiceLineStaging.LineKeyColumn}, {InvoiceLineStaging.ValidColumn}, {string.Join(", ", names)})",
            ct);
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            $"INSERT INTO {Stage} VALUES ($row, $invoice, $line_key, $valid, {string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var stage = new SqliteInvoiceLineStage(db, insert, columns) { _restore = $"PRAGMA main.cache_size = {cacheSize}; PRAGMA temp.cache_size = {tempCacheSize}" };
        insert.Prepare();
        stage._binder = await Binder.CreateAsync(connection, transaction, insert.CommandText, stage._parameters, ct);
        return stage;
    }

    public async ValueTask AddAsync(StagedLine line, CancellationToken ct)
    {
        if (_binder is { } binder)
        {
            ct.ThrowIfCancellationRequested();
            _positions |= line.LineKey is null;
            binder.Insert(line, _columns, _parameters);
            return;
        }
        _row.Value = line.Row;
        _invoice.Value = line.InvoiceNumber;
        _lineKey.Value = (object?)line.LineKey ?? DBNull.Value;
        _positions |= line.LineKey is null;
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
        var inserted = await ExecuteAsync(connection, transaction, InvoiceLineStaging.MergeSql(_db, Stage, positions: _positions), ct);
        await ExecuteAsync(connection, transaction, $"DROP TABLE {Stage}", ct);
        return inserted;
    }

    public async ValueTask DisposeAsync()
    {
        _binder?.Dispose();
        _binder = null;
        await _insert.DisposeAsync();
        var connection = _db.Database.GetDbConnection();
        if (_restore is not null && connection.State == System.Data.ConnectionState.Open)
        {
            await using var restore = connection.CreateCommand();
            restore.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
            restore.CommandText = _restore;
            await restore.ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The insert prepared on SQLite's own handle, its values bound by position. Each value is bound as
    /// Microsoft.Data.Sqlite would bind it through EF's mapping; <see cref="CreateAsync"/> checks that on
    /// sample values through ADO.NET first and returns null (the ADO.NET path then) if any differs.
    /// </summary>
    private sealed class Binder : IDisposable
    {
        private readonly sqlite3 _handle;
        private readonly sqlite3_stmt _statement;

        private Binder(sqlite3 handle, sqlite3_stmt statement)
        {
            _handle = handle;
            _statement = statement;
        }

        public static async Task<Binder?> CreateAsync(
            DbConnection connection, DbTransaction transaction, string insertSql,
            (DbParameter Parameter, RelationalTypeMapping Mapping)[] parameters, CancellationToken ct)
        {
            if (connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
            {
                return null;
            }
            foreach (var (_, mapping) in parameters)
            {
                if (Sample(mapping.ClrType) is not { } sample)
                {
                    return null;
                }
                await using var check = connection.CreateCommand();
                check.Transaction = transaction;
                check.CommandText = "SELECT $v";
                var parameter = mapping.CreateParameter(check, "$v", null, nullable: true);
                var provider = mapping.Converter?.ConvertToProvider(sample) ?? sample;
                parameter.Value = provider;
                check.Parameters.Add(parameter);
                var stored = await check.ExecuteScalarAsync(ct);
                if (stored is null || !stored.Equals(Bindable(provider)))
                {
                    return null;
                }
            }
            if (raw.sqlite3_prepare_v2(handle, insertSql, out var statement) != raw.SQLITE_OK)
            {
                throw new Microsoft.Data.Sqlite.SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), raw.sqlite3_errcode(handle));
            }
            return new Binder(handle, statement);
        }

        public void Insert(StagedLine line, IReadOnlyList<InvoiceLineStaging.Column> columns, (DbParameter Parameter, RelationalTypeMapping Mapping)[] parameters)
        {
            raw.sqlite3_bind_int64(_statement, 1, line.Row);
            raw.sqlite3_bind_text(_statement, 2, line.InvoiceNumber);
            if (line.LineKey is null)
            {
                raw.sqlite3_bind_null(_statement, 3);
            }
            else
            {
                raw.sqlite3_bind_text(_statement, 3, line.LineKey);
            }
            raw.sqlite3_bind_int64(_statement, 4, line.Line is null ? 0 : 1);
            for (var i = 0; i < parameters.Length; i++)
            {
                var value = line.Line is null ? null : columns[i].Value(line.Line);
                var index = i + 5;
                switch (value is null ? null : Bindable(parameters[i].Mapping.Converter?.ConvertToProvider(value) ?? value))
                {
                    case null:
                        raw.sqlite3_bind_null(_statement, index);
                        break;
                    case string text:
                        raw.sqlite3_bind_text(_statement, index, text);
                        break;
                    case long number:
                        raw.sqlite3_bind_int64(_statement, index, number);
                        break;
                    case double real:
                        raw.sqlite3_bind_double(_statement, index, real);
                        break;
                    default:
                        throw new NotSupportedException();
                }
            }
            var result = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (result != raw.SQLITE_DONE)
            {
                throw new Microsoft.Data.Sqlite.SqliteException(raw.sqlite3_errmsg(_handle).utf8_to_string(), result);
            }
        }

        /// <summary>What Microsoft.Data.Sqlite binds for a value of the types EF's SQLite mappings give: TEXT, INTEGER or REAL.</summary>
        private static object? Bindable(object value) => value switch
        {
            string text => text,
            Guid id => id.ToString().ToUpperInvariant(),
            decimal number => number.ToString("0.0###########################", CultureInfo.InvariantCulture),
            DateOnly date => date.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture),
            DateTimeOffset instant => instant.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
            long number => number,
            int number => (long)number,
            bool flag => flag ? 1L : 0L,
            double real => real,
            _ => null,
        };

        private static object? Sample(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) => "Ab-1",
            var t when t == typeof(Guid) => Guid.Parse("01a204fe-12d6-7af6-a6cc-e09c164e5d50"),
            var t when t == typeof(decimal) => -1234.5670m,
            var t when t == typeof(DateOnly) => new DateOnly(2024, 3, 5),
            var t when t == typeof(DateTimeOffset) => new DateTimeOffset(2024, 3, 5, 14, 30, 1, TimeSpan.Zero).AddTicks(1234),
            var t when t == typeof(long) => -42L,
            _ => null,
        };

        public void Dispose() => raw.sqlite3_finalize(_statement);
    }

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
