using Keystone.Core.Data;
using Keystone.Core.Scale;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace Keystone.Data.Postgres;

/// <summary>Writes rows of one table with binary COPY in the transaction open on the context.</summary>
internal sealed class PostgresBulkWriter : IBulkWriter
{
    private readonly BulkTable _table;
    private readonly (ValueConverter? Converter, NpgsqlDbType Type)[] _types;
    private NpgsqlBinaryImporter? _copy;

    private PostgresBulkWriter(BulkTable table, NpgsqlBinaryImporter copy)
    {
        _table = table;
        _copy = copy;
        _types = [.. table.Columns.Select(c =>
        {
            var mapping = c.Property.GetRelationalTypeMapping();
            var providerType = mapping.Converter?.ProviderClrType ?? c.Property.ClrType;
            return (mapping.Converter, TypeOf(Nullable.GetUnderlyingType(providerType) ?? providerType));
        })];
    }

    public static async Task<IBulkWriter> BeginAsync(KeystoneDbContext db, Type entityType, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Begin a transaction before a bulk write.");
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var table = BulkTable.For(db.Model, entityType);
        var sql = db.GetService<ISqlGenerationHelper>();
        var names = string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)));
        var copy = await connection.BeginBinaryImportAsync(
            $"COPY {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        // A table of millions of rows is one COPY: the command timeout of ordinary queries does not fit it.
        copy.Timeout = TimeSpan.FromHours(2);
        return new PostgresBulkWriter(table, copy);
    }

    public async ValueTask AddAsync(object entity, CancellationToken ct)
    {
        var copy = _copy ?? throw new InvalidOperationException("The bulk write is complete already.");
        await copy.StartRowAsync(ct);
        for (var i = 0; i < _types.Length; i++)
        {
            var value = _table.Columns[i].ValueOf(entity);
            var (converter, type) = _types[i];
            if (value is not null && converter is not null)
            {
                value = converter.ConvertToProvider(value);
            }
            if (value is null)
            {
                await copy.WriteNullAsync(ct);
                continue;
            }
            // timestamptz takes UTC only.
            await copy.WriteAsync(value is DateTimeOffset instant ? instant.ToUniversalTime() : value, type, ct);
        }
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        var copy = _copy ?? throw new InvalidOperationException("The bulk write is complete already.");
        _copy = null;
        await copy.CompleteAsync(ct);
        await copy.DisposeAsync();
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
        _ when type == typeof(int) => NpgsqlDbType.Integer,
        _ when type == typeof(short) => NpgsqlDbType.Smallint,
        _ when type == typeof(bool) => NpgsqlDbType.Boolean,
        _ when type == typeof(double) => NpgsqlDbType.Double,
        _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
        _ when type == typeof(TimeOnly) => NpgsqlDbType.Time,
        _ when type == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
        _ when type == typeof(byte[]) => NpgsqlDbType.Bytea,
        _ => throw new NotSupportedException($"A bulk write cannot write a {type.Name}."),
    };
}
