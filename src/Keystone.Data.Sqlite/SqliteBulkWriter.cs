using System.Data.Common;
using Keystone.Core.Data;
using Keystone.Core.Scale;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Keystone.Data.Sqlite;

/// <summary>Writes rows of one table through one prepared insert, in the transaction open on the context.</summary>
internal sealed class SqliteBulkWriter : IBulkWriter
{
    private readonly BulkTable _table;
    private readonly DbCommand _insert;
    private readonly (DbParameter Parameter, RelationalTypeMapping Mapping)[] _parameters;

    private SqliteBulkWriter(BulkTable table, DbCommand insert)
    {
        _table = table;
        _insert = insert;
        // EF's own mapping of each property makes the parameter, so that the stored text of a Guid,
        // a decimal or a date is exactly what EF writes and compares.
        _parameters = [.. table.Columns.Select((c, i) =>
        {
            var mapping = (RelationalTypeMapping)c.Property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(insert, $"$p{i}", null, nullable: true);
            insert.Parameters.Add(parameter);
            return (parameter, mapping);
        })];
    }

    public static Task<IBulkWriter> BeginAsync(KeystoneDbContext db, Type entityType, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Begin a transaction before a bulk write.");
        var table = BulkTable.For(db.Model, entityType);
        var sql = db.GetService<ISqlGenerationHelper>();
        var insert = db.Database.GetDbConnection().CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
            $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
        var writer = new SqliteBulkWriter(table, insert);
        insert.Prepare();
        return Task.FromResult<IBulkWriter>(writer);
    }

    public async ValueTask AddAsync(object entity, CancellationToken ct)
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            var (parameter, mapping) = _parameters[i];
            var value = _table.Columns[i].ValueOf(entity);
            parameter.Value = value is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(value) ?? value;
        }
        await _insert.ExecuteNonQueryAsync(ct);
    }

    public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync() => _insert.DisposeAsync();
}
