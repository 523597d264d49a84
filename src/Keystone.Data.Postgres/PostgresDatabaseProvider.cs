using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Scale;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Keystone.Data.Postgres;

public sealed class PostgresDatabaseProvider : IDatabaseProvider
{
    public const string ProviderName = "Postgres";

    public string Name => ProviderName;

    /// <summary>Statements a connection keeps prepared when the connection string does not say (<c>Max Auto Prepare</c>).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    public void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.MigrationsAssembly(typeof(PostgresDatabaseProvider).Assembly.GetName().Name));

    /// <summary>
    /// Keystone's queries are few and repeated (the access filters make them long): a statement run five
    /// times on a connection is prepared there, so PostgreSQL stops parsing and planning it on every call.
    /// A connection string that sets <c>Max Auto Prepare</c> (0 turns it off, as a pooler in transaction
    /// mode without prepared-statement support needs) is left as it is.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        try
        {
            // The keys as written (Npgsql's own builder lists every key it knows, set or not).
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            if (given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            {
                return connectionString;
            }
            return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Not a PostgreSQL connection string (a SQLite one, say): left as it is, for its first use to
            // report it as it always did.
            return connectionString;
        }
    }

    public void PrepareStorage(string connectionString)
    {
        // The server and the database are the operator's; migrations create the schema inside it.
    }

    public Task<IInvoiceLineStage> BeginInvoiceLineStageAsync(KeystoneDbContext db, CancellationToken ct) =>
        PostgresInvoiceLineStage.BeginAsync(db, ct);

    public Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginImportStagingAsync(KeystoneDbContext db, CancellationToken ct) =>
        Task.FromResult<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?>(null);

    public Task<IBulkWriter> BeginBulkWriteAsync(KeystoneDbContext db, Type entityType, CancellationToken ct) =>
        PostgresBulkWriter.BeginAsync(db, entityType, ct);
}
