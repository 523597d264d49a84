using System.Data.Common;
using System.Text.Json;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>
/// The company's KPIs per period as the engine last computed them, tagged with the revenue revision
/// read before the computation (ADR 0012). A period's figures depend only on the lines dated before
/// its end, never on the range that was asked for, so a period stored by one request answers any other.
/// </summary>
public static class CompanySnapshots
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>
    /// The stored results of every period of <paramref name="periods"/> at <paramref name="revision"/>,
    /// in order; null when any of them is missing or was computed at another revision.
    /// </summary>
    public static Task<IReadOnlyList<KpiPeriodResult>?> ReadAsync(
        KeystoneDbContext db, PeriodGranularity granularity, IReadOnlyList<Period> periods, long revision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ReadStoredAsync(
            (first, last) => db.Set<CompanyKpiSnapshot>().AsNoTracking()
                .Where(s => s.Granularity == granularity && s.Start >= first && s.Start <= last && s.Revision == revision)
                .Select(s => new StoredPeriod(s.Start, s.Payload)),
            periods,
            ct);
    }

    /// <summary>
    /// The results of <paramref name="periods"/> in order from the rows <paramref name="rows"/> selects
    /// between the first and the last period's first days; null when any period is missing.
    /// </summary>
    internal static async Task<IReadOnlyList<KpiPeriodResult>?> ReadStoredAsync(
        Func<DateOnly, DateOnly, IQueryable<StoredPeriod>> rows, IReadOnlyList<Period> periods, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0)
        {
            return [];
        }
        var stored = await rows(periods[0].Start, periods[^1].Start).ToListAsync(ct);
        if (stored.Count != periods.Count)
        {
            return null;
        }
        var byStart = stored.ToDictionary(r => r.Start, r => r.Payload);
        var results = new KpiPeriodResult[periods.Count];
        for (var i = 0; i < periods.Count; i++)
        {
            if (!byStart.TryGetValue(periods[i].Start, out var payload))
            {
                return null;
            }
            results[i] = Deserialize(payload, periods[i]);
        }
        return results;
    }

    /// <summary>One stored period as read: its first day and its figures as JSON.</summary>
    internal sealed record StoredPeriod(DateOnly Start, string Payload);

    /// <summary>
    /// Stores the computed results at <paramref name="revision"/>, replacing older ones. A period
    /// someone stored at a later revision meanwhile is kept. Storing is best effort: when the database
    /// is busy (SQLite while an import writes) the figures are returned anyway and the next reader
    /// computes them again.
    /// </summary>
    public static async Task StoreAsync(KeystoneDbContext db, long revision, IReadOnlyList<KpiPeriodResult> results, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return;
        }
        var now = db.Clock.GetUtcNow();
        await UpsertAsync(
            db,
            typeof(CompanyKpiSnapshot),
            [nameof(CompanyKpiSnapshot.Granularity), nameof(CompanyKpiSnapshot.Start)],
            [nameof(CompanyKpiSnapshot.Revision), nameof(CompanyKpiSnapshot.Payload), nameof(CompanyKpiSnapshot.ComputedAt)],
            results.Select(result => new object[]
            {
                result.Snapshot.Period.Granularity,
                result.Snapshot.Period.Start,
                revision,
                Serialize(result),
                now,
            }),
            ct);
    }

    /// <summary>
    /// Inserts or replaces stored figures, one statement a row: a row stored meanwhile at a later
    /// revision is kept, and two writers of the same key never collide (<c>ON CONFLICT</c> on both
    /// databases). Best effort: inside someone else's transaction nothing is written (a failed statement
    /// would abort their work on PostgreSQL), and a busy database (SQLite while an import writes) is
    /// waited for two seconds at most.
    /// </summary>
    /// <param name="values">Per row, the values of the <paramref name="key"/> properties, then of the <paramref name="columns"/> (a "Revision" among them).</param>
    internal static async Task UpsertAsync(
        KeystoneDbContext db, Type entityType, string[] key, string[] columns, IEnumerable<object[]> values, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(entityType)!;
        var properties = key.Concat(columns).Select(name => entity.FindProperty(name)!).ToArray();
        var names = properties.Select(p => $"\"{p.GetColumnName()}\"").ToArray();
        var table = $"\"{entity.GetTableName()}\"";
        var revision = $"\"{entity.FindProperty("Revision")!.GetColumnName()}\"";
        var sql = $"""
            INSERT INTO {table} ({string.Join(", ", names)})
            VALUES ({string.Join(", ", names.Select((_, i) => $"{{{i}}}"))})
            ON CONFLICT ({string.Join(", ", names.Take(key.Length))}) DO UPDATE SET {string.Join(", ", names.Skip(key.Length).Select(c => $"{c} = excluded.{c}"))}
            WHERE excluded.{revision} >= {table}.{revision}
            """;
        await BestEffortAsync(db, async () =>
        {
            foreach (var row in values)
            {
                // Through each column's converter, as EF stores it (enums as text, instants as ticks on SQLite).
                var parameters = row.Select((value, i) => properties[i].GetTypeMapping().Converter?.ConvertToProvider(value) ?? value).ToArray();
                await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
            }
            return 0;
        }, 0);
    }

    /// <summary>
    /// A write to the stored figures, which are only a cache: skipped inside someone else's transaction (a
    /// failed statement would abort their work on PostgreSQL), given two seconds at most when the database is
    /// busy (SQLite while an import writes), and <paramref name="otherwise"/> when it fails.
    /// </summary>
    internal static async Task<T> BestEffortAsync<T>(KeystoneDbContext db, Func<Task<T>> write, T otherwise)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return otherwise;
        }
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromSeconds(2));
        try
        {
            return await write();
        }
        catch (DbException)
        {
            // A cache that could not be written is only a later recomputation.
            return otherwise;
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>
    /// Computes and stores the company's default dashboard windows: the KPIs and the meetings and calls
    /// of the last <see cref="KpiDashboard.Periods"/> months, quarters and years up to the last whole one
    /// in <paramref name="zone"/>, unless they are stored at the current revisions already. The actor of <paramref name="db"/> must see every account.
    /// </summary>
    /// <returns>Whether any KPIs were computed.</returns>
    public static async Task<bool> RefreshDefaultsAsync(KeystoneDbContext db, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        var resolved = await KpiQuery.ResolveScopeAsync(db, KpiScope.Company, ct);
        var computed = false;
        foreach (var granularity in Enum.GetValues<PeriodGranularity>())
        {
            var last = KpiInput.LastWhole(db.Clock, zone, granularity);
            var request = new KpiRequest(KpiScope.Company, granularity, last.Offset(-(KpiDashboard.Periods - 1)), last);
            var revision = await RevenueRevision.ReadAsync(db, ct);
            if (await ReadAsync(db, granularity, Period.Range(request.From, request.To), revision, ct) is not null)
            {
                continue;
            }
            await KpiQuery.HandleAsync(db, request, resolved, ct);
            computed = true;
        }
        foreach (var granularity in Enum.GetValues<PeriodGranularity>())
        {
            // Stored as a side effect when behind, like the KPIs above.
            var last = KpiInput.LastWhole(db.Clock, zone, granularity);
            await ScopeMeetingsAndCalls.CountAsync(db, resolved, Period.Range(last.Offset(-(KpiDashboard.Periods - 1)), last), zone, ct);
        }
        return computed;
    }

    /// <summary>The stored form of one period's figures: every count and sum, each decimal with its scale.</summary>
    internal static string Serialize(KpiPeriodResult result) => JsonSerializer.Serialize(Payload.From(result), Json);

    internal static KpiPeriodResult Deserialize(string payload, Period period) =>
        JsonSerializer.Deserialize<Payload>(payload, Json)!.ToResult(period);

    /// <summary>The figures of one period, every decimal exactly as computed.</summary>
    private sealed record Payload(
        int Retained,
        int Churned,
        int New,
        int Reactivated,
        decimal StartingRevenue,
        decimal ChurnedRevenue,
        decimal Contraction,
        decimal Expansion,
        decimal NetRevenue,
        decimal PreviousNetRevenue,
        int AdditionalOfferings,
        decimal CostedAmount,
        int UncostedLines,
        decimal PreviousCostedAmount,
        int PreviousUncostedLines,
        decimal? UnattributedRevenue)
    {
        public static Payload From(KpiPeriodResult result)
        {
            var s = result.Snapshot;
            return new(
                s.Customers.Retained,
                s.Customers.Churned,
                s.Customers.New,
                s.Customers.Reactivated,
                s.RevenueRetention.StartingRevenue,
                s.RevenueRetention.Churned,
                s.RevenueRetention.Contraction,
                s.RevenueRetention.Expansion,
                s.NetRevenue,
                s.PreviousNetRevenue,
                s.AdditionalOfferings,
                s.GrossMargin.CostedAmount,
                s.GrossMargin.UncostedLines,
                s.PreviousGrossMargin.CostedAmount,
                s.PreviousGrossMargin.UncostedLines,
                result.UnattributedRevenue);
        }

        public KpiPeriodResult ToResult(Period period) => new(
            new KpiSnapshot(
                period,
                new CustomerRetention(Retained, Churned, New, Reactivated),
                new RevenueRetention(StartingRevenue, ChurnedRevenue, Contraction, Expansion),
                NetRevenue,
                PreviousNetRevenue,
                AdditionalOfferings,
                new GrossMargin(CostedAmount, UncostedLines),
                new GrossMargin(PreviousCostedAmount, PreviousUncostedLines)),
            UnattributedRevenue);
    }
}
