using System.Diagnostics;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Scale;

/// <summary>How far a table of <c>seed scale</c> is: rows written of the total, and the time so far.</summary>
public readonly record struct ScaleProgress(string Table, long Written, long Total, TimeSpan Elapsed, bool Done);

/// <summary>
/// Fills an empty database with <see cref="ScaleData"/> through the provider's bulk writer: binary
/// COPY on PostgreSQL, one prepared insert in large transactions on SQLite. The rows bypass change
/// tracking and the audit trail (they are generated, not edited by anyone); statistics are refreshed
/// at the end so that the planner knows the tables' new sizes.
/// </summary>
public static class SeedScale
{
    /// <summary>Rows per transaction on SQLite (PostgreSQL writes each table in one COPY).</summary>
    private const int SqliteBatch = 200_000;

    /// <exception cref="ValidationException">A count is out of range, or the database already holds accounts.</exception>
    public static async Task HandleAsync(
        KeystoneDbContext db, IDatabaseProvider provider, ScaleOptions options, IProgress<ScaleProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        if (await db.Accounts.IgnoreQueryFilters().AnyAsync(ct))
        {
            throw new ValidationException("database", "The database already holds accounts; seed scale data into an empty database (keystone db migrate on a new one).");
        }
        var data = new ScaleData(options);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        await WriteAsync(db, provider, "users", data.UserCount, data.Users(), progress, ct);
        await WriteAsync(db, provider, "accounts", options.Accounts, data.Accounts(), progress, ct);
        await WriteAsync(db, provider, "account team members", null, data.TeamMembers(), progress, ct);
        await WriteAsync(db, provider, "account external ids", options.Accounts, data.ExternalIds(), progress, ct);
        await WriteAsync(db, provider, "contacts", options.Contacts, data.Contacts(), progress, ct);
        await WriteAsync(db, provider, "activities", options.Activities, data.Activities(), progress, ct);
        await WriteAsync(db, provider, "products", data.ProductCount, data.Products(), progress, ct);
        await WriteAsync(db, provider, "exchange rates", null, data.ExchangeRates(), progress, ct);
        await WriteAsync(db, provider, "invoice imports", 1, [data.Import()], progress, ct);
        await WriteAsync(db, provider, "invoice lines", options.InvoiceLines, data.InvoiceLines(), progress, ct);

        var watch = Stopwatch.StartNew();
        await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        // Anything computed while the rows were being written is out of date.
        await Kpis.RevenueRevision.BumpAsync(db, ct);
        await Kpis.ActivityRevision.BumpAsync(db, ct);
        progress?.Report(new ScaleProgress("statistics", 0, 0, watch.Elapsed, true));
    }

    public static void Validate(ScaleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var v = new Validator();
        Check(v, "accounts", options.Accounts, 10, 10_000_000);
        Check(v, "contacts", options.Contacts, 0, 100_000_000);
        Check(v, "activities", options.Activities, 0, 500_000_000);
        Check(v, "invoice-lines", options.InvoiceLines, 0, 500_000_000);
        Check(v, "skew", options.SkewActivities, 0, 10_000_000);
        Check(v, "months", options.Months, 1, 240);
        v.ThrowIfInvalid();

        static void Check(Validator v, string field, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                v.Add(field, $"{value} is out of range; give a number from {min:N0} to {max:N0}.");
            }
        }
    }

    private static async Task WriteAsync<T>(
        KeystoneDbContext db, IDatabaseProvider provider, string table, long? total, IEnumerable<T> rows, IProgress<ScaleProgress>? progress, CancellationToken ct)
        where T : class
    {
        var watch = Stopwatch.StartNew();
        var batch = db.IsSqlite ? SqliteBatch : long.MaxValue;
        var every = Math.Max(10_000, (total ?? 0) / 10);
        long written = 0;
        using var enumerator = rows.GetEnumerator();
        var more = enumerator.MoveNext();
        while (more)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using (var writer = await provider.BeginBulkWriteAsync(db, typeof(T), ct))
            {
                long inBatch = 0;
                while (more && inBatch < batch)
                {
                    await writer.AddAsync(enumerator.Current, ct);
                    written++;
                    inBatch++;
                    if (written % every == 0)
                    {
                        progress?.Report(new ScaleProgress(table, written, total ?? written, watch.Elapsed, false));
                    }
                    more = enumerator.MoveNext();
                }
                await writer.CompleteAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        progress?.Report(new ScaleProgress(table, written, written, watch.Elapsed, true));
    }
}
