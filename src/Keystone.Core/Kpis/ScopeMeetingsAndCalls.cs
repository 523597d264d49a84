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
            var accounts = db.Accounts.Where(scope.Accounts).Select(a => a.Id);
            activities = activities.Where(a => accounts.Contains(a.AccountId));
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
}
