using System.Security.Cryptography;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>
/// The KPIs of KAMs and teams per period as the engine last computed them (ADR 0016), keyed by the
/// set of accounts they were computed from and tagged with the revenue revision read before. A
/// scope's figures depend on nothing but the lines of its accounts (<see cref="KpiQuery.ComputeAsync"/>),
/// so figures stored for a set of accounts at a revision answer any scope, and any actor, that holds
/// that very set while the revision is unchanged. An owner changed, an account created or deleted, a
/// KAM moved to another manager: the set is another, and its figures are computed afresh.
/// </summary>
public static class ScopeSnapshots
{
    /// <summary>
    /// The scope's figures, stored ones when the scope's set of accounts was computed at the current
    /// revision, else computed from exactly that set of accounts and stored.
    /// </summary>
    public static async Task<IReadOnlyList<KpiPeriodResult>> HandleAsync(
        KeystoneDbContext db, KpiRequest request, ResolvedKpiScope resolved, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resolved);
        // The revision first: figures stored under it are at least as new as it (ADR 0012).
        var revision = await RevenueRevision.ReadAsync(db, ct);
        var ids = await db.Accounts.AsNoTracking().Where(resolved.Accounts).Select(a => a.Id).ToListAsync(ct);
        var (results, stored) = await ReadOrComputeAsync(db, request, ids, revision, everyAccount: null, ct);
        if (stored)
        {
            // Figures of earlier revisions, of this set or of sets no one has any more, are of no use:
            // deleted here too, so that they do not pile up where no refresh runs (a lookup of the
            // revision index when there are none).
            await PruneAsync(db, revision, ct);
        }
        return results;
    }

    /// <summary>
    /// Computes and stores every KAM's scorecard (the last <see cref="KpiDashboard.Periods"/> months up to the
    /// last whole one in <paramref name="zone"/>) that is not stored for their current accounts at the
    /// current revision, so that after an import each KAM's first view reads stored figures too, and deletes
    /// the figures of earlier revisions, which no reader uses again. A KAM is anyone who owns an account.
    /// The actor of <paramref name="db"/> must see every account.
    /// </summary>
    /// <returns>How many KAMs' figures were computed.</returns>
    public static async Task<int> RefreshKamsAsync(KeystoneDbContext db, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        if (!db.Actor.SeesAll)
        {
            throw new InvalidOperationException("Every KAM's figures are refreshed by an actor who sees every account.");
        }
        var revision = await RevenueRevision.ReadAsync(db, ct);
        await PruneAsync(db, revision, ct);
        // Every account's owner in one read (about 32 bytes an account), rather than a query per KAM.
        var accounts = await db.Accounts.AsNoTracking().Select(a => new { a.OwnerId, a.Id }).ToListAsync(ct);
        var owned = accounts.GroupBy(a => a.OwnerId, a => a.Id);
        var emails = await db.Users.AsNoTracking().Where(u => u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
        var last = KpiInput.LastWhole(db.Clock, zone, PeriodGranularity.Month);
        var computed = 0;
        foreach (var kam in owned)
        {
            var scope = new KpiScope(KpiScopeKind.Kam, Email: emails[kam.Key]);
            var request = new KpiRequest(scope, PeriodGranularity.Month, last.Offset(-(KpiDashboard.Periods - 1)), last);
            if ((await ReadOrComputeAsync(db, request, [.. kam], revision, accounts.Count, ct)).Stored)
            {
                computed++;
            }
        }
        return computed;
    }

    /// <summary>
    /// The figures of exactly the accounts <paramref name="ids"/>: stored at <paramref name="revision"/>, else
    /// computed (or taken from the company's) and stored; <c>Stored</c> tells the latter.
    /// </summary>
    /// <param name="everyAccount">How many accounts there are, when the caller has just read them all; else counted when needed.</param>
    private static async Task<(IReadOnlyList<KpiPeriodResult> Results, bool Stored)> ReadOrComputeAsync(
        KeystoneDbContext db, KpiRequest request, List<Guid> ids, long revision, int? everyAccount, CancellationToken ct)
    {
        var key = AccountSetKey(ids);
        var periods = Period.Range(request.From, request.To);
        if (await ReadAsync(db, key, request.Granularity, periods, revision, ct) is { } stored)
        {
            return (stored, false);
        }
        // A set of every account (a head of KAM's team, most often) has the company's figures less the
        // revenue of lines with no account (KPIS.md: a company's figures are those of its accounts): read
        // from the company's stored figures when the refresh has them, rather than computed again. The ids
        // are distinct (read from the accounts), so as many as there are accounts is every account.
        if (ids.Count > 0
            && ids.Count == (everyAccount ?? await db.Accounts.IgnoreQueryFilters().CountAsync(ct))
            && await CompanySnapshots.ReadAsync(db, request.Granularity, periods, revision, ct) is { } company)
        {
            var results = company.Select(r => r with { UnattributedRevenue = null }).ToList();
            await StoreAsync(db, key, revision, results, ct);
            return (results, true);
        }
        // Computed from the set that names the figures, not from the scope's rule again, so that an owner
        // changed meanwhile cannot store one set's figures under another's key.
        var set = new ResolvedKpiScope(request.Scope, l => l.AccountId != null && ids.Contains(l.AccountId.Value), a => ids.Contains(a.Id), null);
        var computed = await KpiQuery.ComputeAsync(db, request, set, ct);
        await StoreAsync(db, key, revision, computed, ct);
        return (computed, true);
    }

    /// <summary>A name of a set of accounts that does not depend on their order: the SHA-256 of the sorted ids, in hex.</summary>
    public static string AccountSetKey(IEnumerable<Guid> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var sorted = accountIds.Distinct().Order().ToArray();
        var bytes = new byte[sorted.Length * 16];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i].TryWriteBytes(bytes.AsSpan(i * 16, 16));
        }
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The stored results of every period at <paramref name="revision"/> for the set <paramref name="accountSet"/>, in order; null when any is missing.</summary>
    public static Task<IReadOnlyList<KpiPeriodResult>?> ReadAsync(
        KeystoneDbContext db, string accountSet, PeriodGranularity granularity, IReadOnlyList<Period> periods, long revision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return CompanySnapshots.ReadStoredAsync(
            (first, last) => db.Set<ScopeKpiSnapshot>().AsNoTracking()
                .Where(s => s.AccountSet == accountSet && s.Granularity == granularity && s.Start >= first && s.Start <= last && s.Revision == revision)
                .Select(s => new CompanySnapshots.StoredPeriod(s.Start, s.Payload)),
            periods,
            ct);
    }

    /// <summary>Stores the computed results of a set of accounts at <paramref name="revision"/>; best effort, as the company's (<see cref="CompanySnapshots.StoreAsync"/>).</summary>
    public static Task StoreAsync(KeystoneDbContext db, string accountSet, long revision, IReadOnlyList<KpiPeriodResult> results, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(results);
        var now = db.Clock.GetUtcNow();
        return CompanySnapshots.UpsertAsync(
            db,
            typeof(ScopeKpiSnapshot),
            [nameof(ScopeKpiSnapshot.AccountSet), nameof(ScopeKpiSnapshot.Granularity), nameof(ScopeKpiSnapshot.Start)],
            [nameof(ScopeKpiSnapshot.Revision), nameof(ScopeKpiSnapshot.Payload), nameof(ScopeKpiSnapshot.ComputedAt)],
            results.Select(result => new object[]
            {
                accountSet,
                result.Snapshot.Period.Granularity,
                result.Snapshot.Period.Start,
                revision,
                CompanySnapshots.Serialize(result),
                now,
            }),
            ct);
    }

    /// <summary>
    /// Deletes the figures stored at revisions before <paramref name="revision"/>: no reader uses them
    /// again. Best effort, like storing (a busy SQLite database is left for the next time).
    /// </summary>
    /// <returns>How many periods were deleted.</returns>
    public static Task<int> PruneAsync(KeystoneDbContext db, long revision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return CompanySnapshots.BestEffortAsync(
            db, () => db.Set<ScopeKpiSnapshot>().Where(s => s.Revision < revision).ExecuteDeleteAsync(ct), 0);
    }
}
