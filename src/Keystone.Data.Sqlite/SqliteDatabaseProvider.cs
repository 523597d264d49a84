using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Scale;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Data.Sqlite;

public sealed class SqliteDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "Sqlite";

    public string Name => ProviderName;

    // Collections in queries (the actor's visible users in every access filter) go as one JSON parameter read with
    // json_each. EF Core's default here, one parameter per element, made it generate the SQL of such a query
    // again on every execution, which cost an account summary more than its SQL did.
    public void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite
            .MigrationsAssembly(typeof(SqliteDatabaseProvider).Assembly.GetName().Name)
            .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));

    public void PrepareStorage(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    public Task<IInvoiceLineStage> BeginInvoiceLineStageAsync(KeystoneDbContext db, CancellationToken ct) =>
        SqliteInvoiceLineStage.BeginAsync(db, ct);

    public Task<IBulkWriter> BeginBulkWriteAsync(KeystoneDbContext db, Type entityType, CancellationToken ct) =>
        SqliteBulkWriter.BeginAsync(db, entityType, ct);
}
