using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Scale;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Data.Postgres;

public sealed class PostgresDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "Postgres";

    public string Name => ProviderName;

    public void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabaseProvider).Assembly.GetName().Name));

    public void PrepareStorage(string connectionString)
    {
        // The server and the database are the operator's; migrations create the schema inside it.
    }

    public Task<IInvoiceLineStage> BeginInvoiceLineStageAsync(KeystoneDbContext db, CancellationToken ct) =>
        PostgresInvoiceLineStage.BeginAsync(db, ct);

    public Task<IBulkWriter> BeginBulkWriteAsync(KeystoneDbContext db, Type entityType, CancellationToken ct) =>
        PostgresBulkWriter.BeginAsync(db, entityType, ct);
}
