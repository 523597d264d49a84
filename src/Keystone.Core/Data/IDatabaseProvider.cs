using Keystone.Core.Revenue;
using Keystone.Core.Scale;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Data;

/// <summary>One database Keystone runs on; each provider's project implements it beside its migrations.</summary>
public interface IDatabaseProvider
{
    /// <summary>The value of the <c>Database:Provider</c> setting that picks this provider.</summary>
    string Name { get; }

    void Configure(DbContextOptionsBuilder options, string connectionString);

    /// <summary>Prepares what must exist before migrations can run (a folder for a database file, say).</summary>
    void PrepareStorage(string connectionString);

    /// <summary>
    /// Starts the bulk write of an invoice import inside the transaction open on <paramref name="db"/>
    /// (ADR 0004): PostgreSQL stages with binary COPY, SQLite with one prepared insert.
    /// </summary>
    Task<IInvoiceLineStage> BeginInvoiceLineStageAsync(KeystoneDbContext db, CancellationToken ct);

    /// <summary>
    /// Begins the transaction an invoice import reads and stages its file in, when this provider stages
    /// apart from writing: SQLite, whose one write lock would otherwise keep every other writer waiting for
    /// the whole import, begins a deferred transaction that touches only the temporary stage; the import
    /// commits it and writes in a second transaction. Null when the whole import is one transaction
    /// (PostgreSQL: staging holds no lock that other writers wait for).
    /// </summary>
    Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginImportStagingAsync(KeystoneDbContext db, CancellationToken ct);

    /// <summary>
    /// Starts a bulk write of rows of <paramref name="entityType"/> inside the transaction open on
    /// <paramref name="db"/>: PostgreSQL with binary COPY, SQLite with one prepared insert. For large
    /// generated data sets (<c>keystone seed scale</c>); it writes no audit trail.
    /// </summary>
    Task<IBulkWriter> BeginBulkWriteAsync(KeystoneDbContext db, Type entityType, CancellationToken ct);
}
