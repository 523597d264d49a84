using System.Linq.Expressions;
using Keystone.Core.Activities;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>
/// Meetings and calls of a scope per period (KPIS.md, "Meetings and calls"): activities of type
/// Meeting or Call, status Completed, starting in the period in the reporting time zone.
/// </summary>
/// <remarks>
/// A KAM's count holds the activities they own or joined as an internal participant; a team's those
/// of any of its members, each activity once. The company's and an account's count hold the activities
/// logged on its accounts, each once. Every count goes through the actor's query filters, so it never
/// includes an activity on an account the actor cannot see: a senior KAM and the head of KAM may read
/// different counts for the same junior when the junior joined a meeting outside the senior's sight.
/// </remarks>
public static class ScopeMeetingsAndCalls
{
    /// <summary>The count of each period, in the order given.</summary>
    public static async Task<int[]> CountAsync(
        KeystoneDbContext db, ResolvedKpiScope scope, IReadOnlyList<Period> periods, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(zone);
        if (periods.Count == 0)
        {
            return [];
        }
        if (scope.Scope.Kind == KpiScopeKind.Company && periods.All(p => p.Granularity == periods[0].Granularity))
        {
            return await CompanyAsync(db, scope, periods, zone, ct);
        }
        return await ComputeAsync(db, scope, periods, zone, ct);
    }

    /// <summary>
    /// The company's counts, stored per period and reporting time zone at the activities' revision read
    /// first (ADR 0012): ten million activities take seconds to count, the stored counts milliseconds.
    /// Only those who see every account see the company, and they all count the same activities.
    /// </summary>
    private static async Task<int[]> CompanyAsync(
        KeystoneDbContext db, ResolvedKpiScope scope, IReadOnlyList<Period> periods, TimeZoneInfo zone, CancellationToken ct)
    {
        var revision = await ActivityRevision.ReadAsync(db, ct);
        var granularity = periods[0].Granularity;
        var first = periods.Min(p => p.Start);
        var last = periods.Max(p => p.Start);
        var stored = await db.Set<CompanyMeetingCount>().AsNoTracking()
            .Where(c => c.Granularity == granularity && c.TimeZone == zone.Id && c.Revision == revision && c.Start >= first && c.Start <= last)
            .ToDictionaryAsync(c => c.Start, c => c.Count, ct);
        if (periods.All(p => stored.ContainsKey(p.Start)))
        {
            return [.. periods.Select(p => stored[p.Start])];
        }
        var counts = await ComputeAsync(db, scope, periods, zone, ct);
        await CompanySnapshots.UpsertAsync(
            db,
            typeof(CompanyMeetingCount),
            [nameof(CompanyMeetingCount.Granularity), nameof(CompanyMeetingCount.Start), nameof(CompanyMeetingCount.TimeZone)],
            [nameof(CompanyMeetingCount.Revision), nameof(CompanyMeetingCount.Count)],
            periods.Select((p, i) => new object[] { p.Granularity, p.Start, zone.Id, revision, counts[i] }),
            ct);
        return counts;
    }

    /// <summary>The counts from the activities themselves.</summary>
    internal static async Task<int[]> ComputeAsync(
        KeystoneDbContext db, ResolvedKpiScope scope, IReadOnlyList<Period> periods, TimeZoneInfo zone, CancellationToken ct)
    {
        var bounds = periods.Select(p => (Start: MyWork.StartOf(p.Start, zone), End: MyWork.StartOf(p.End, zone))).ToArray();
        var start = bounds.Min(b => b.Start);
        var end = bounds.Max(b => b.End);
        var activities = db.Activities.AsNoTracking()
            .Where(a => (a.Type == ActivityType.Meeting || a.Type == ActivityType.Call) && a.Status == ActivityStatus.Completed)
            .Where(a => a.StartsAt >= start && a.StartsAt < end);
        if (scope.Users is { } users)
        {
            var ids = users.ToArray();
            activities = activities.Where(a => ids.Contains(a.OwnerId) || a.Participants.Any(p => ids.Contains(p.UserId)));
        }
        else
        {
            if (scope.Scope.Kind != KpiScopeKind.Company)
            {
                var accounts = db.Accounts.Where(scope.Accounts).Select(a => a.Id);
                activities = activities.Where(a => accounts.Contains(a.AccountId));
            }
            // Every activity belongs to one account, so no activity comes twice: count in SQL, one row a
            // period, instead of bringing every activity's start here (millions for the company).
            if (Contiguous(bounds))
            {
                return await CountByPeriodAsync(activities, bounds, ct);
            }
        }
        var starts = await activities.Select(a => new { a.Id, a.StartsAt }).Distinct().ToListAsync(ct);
        var counts = new int[bounds.Length];
        foreach (var activity in starts)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                if (activity.StartsAt >= bounds[i].Start && activity.StartsAt < bounds[i].End)
                {
                    counts[i]++;
                }
            }
        }
        return counts;
    }

    private static bool Contiguous((DateTimeOffset Start, DateTimeOffset End)[] bounds)
    {
        for (var i = 1; i < bounds.Length; i++)
        {
            if (bounds[i].Start != bounds[i - 1].End)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The counts of contiguous periods, grouped in SQL by a CASE on the start that names each activity's period.</summary>
    private static async Task<int[]> CountByPeriodAsync(
        IQueryable<Activity> activities, (DateTimeOffset Start, DateTimeOffset End)[] bounds, CancellationToken ct)
    {
        var activity = Expression.Parameter(typeof(Activity), "a");
        var startsAt = Expression.Property(activity, nameof(Activity.StartsAt));
        // StartsAt < end(0) ? 0 : StartsAt < end(1) ? 1 : ... : last; the range filter keeps the rest out.
        Expression bucket = Expression.Constant(bounds.Length - 1);
        for (var i = bounds.Length - 2; i >= 0; i--)
        {
            var end = bounds[i].End;
            Expression<Func<DateTimeOffset>> bound = () => end;
            bucket = Expression.Condition(Expression.LessThan(startsAt, bound.Body), Expression.Constant(i), bucket);
        }
        var byBucket = Expression.Lambda<Func<Activity, int>>(bucket, activity);
        var rows = await activities.GroupBy(byBucket).Select(g => new { Period = g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = new int[bounds.Length];
        foreach (var row in rows)
        {
            counts[row.Period] = row.Count;
        }
        return counts;
    }
}
