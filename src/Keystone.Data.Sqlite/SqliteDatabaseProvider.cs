using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Scale;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;

namespace Keystone.Data.Sqlite;

public sealed class SqliteDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "Sqlite";

    public string Name => ProviderName;

    // Collections in queries (the actor's visible users in every access filter) go as one JSON parameter read with
    // json_each. EF Core's default here, one parameter per element, made it generate the SQL of such a query
    // again on every execution, which cost an account summary more than its SQL did.
    // Statements are prepared once per connection and kept, and a pooled context keeps its connection
    // open between uses (ADR 0015): SQLite otherwise parsed and planned every query again.
    public void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        options.UseSqlite(connectionString, sqlite => sqlite
            .MigrationsAssembly(typeof(SqliteDatabaseProvider).Assembly.GetName().Name)
            .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
#pragma warning disable EF1001 // EF Core's own SQLite connection service, replaced by its subclass.
        options.ReplaceService<ISqliteRelationalConnection, SqliteKeptConnection>();
#pragma warning restore EF1001
        options.AddInterceptors(SqliteStatementCacheInterceptor.Instance);
    }

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

    /// <summary>A deferred transaction: it takes the write lock only when it writes to the database itself, which staging does not.</summary>
    public async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginImportStagingAsync(KeystoneDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        return await db.Database.UseTransactionAsync(connection.BeginTransaction(deferred: true), ct);
    }

    public Task<IBulkWriter> BeginBulkWriteAsync(KeystoneDbContext db, Type entityType, CancellationToken ct) =>
        SqliteBulkWriter.BeginAsync(db, entityType, ct);
}
