using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Pay;
using Keystone.Core.Targets;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Demo;

/// <summary>
/// Quarterly targets for the demo KAMs and one pay plan that pays them, so that the scorecards and the
/// payouts show every rule: targets are set from each quarter's actuals divided by a fixed attainment,
/// so some KAMs miss the threshold, some land on target and some are accelerated or capped.
/// </summary>
internal static class DemoTargets
{
    public const string PlanName = "KAM variable pay";

    // The attainment each KAM reaches in each quarter (oldest first), by design.
    private static readonly Dictionary<string, decimal[]> Attainments = new(StringComparer.Ordinal)
    {
        ["senior1"] = [1.05m, 0.92m, 1.10m, 1.00m, 0.60m],
        ["senior2"] = [0.85m, 1.20m, 0.97m, 1.35m, 0.55m],
        ["junior1"] = [0.75m, 1.00m, 1.15m, 0.90m, 0.50m],
        ["junior2"] = [1.30m, 0.88m, 1.02m, 0.78m, 0.45m],
        ["junior3"] = [0.95m, 1.08m, 0.70m, 1.25m, 0.65m],
        ["junior4"] = [1.00m, 0.81m, 1.18m, 1.05m, 0.40m],
    };

    public static Task<bool> ExistAsync(KeystoneDbContext db, CancellationToken ct) =>
        db.Set<PayPlan>().AnyAsync(p => p.Name == PlanName, ct);

    /// <summary>Targets for the last four complete quarters and the current one, and the plan; as whoever the actor is (the system).</summary>
    public static async Task AddAsync(KeystoneDbContext db, IReadOnlyDictionary<string, KeystoneUser> team, DateOnly today, string timeZone, CancellationToken ct)
    {
        var quarters = Period.For(today, PeriodGranularity.Quarter).Trailing(5);
        foreach (var (key, attainments) in Attainments)
        {
            var kam = team[key];
            for (var i = 0; i < quarters.Length; i++)
            {
                var actuals = await ScopeActuals.HandleAsync(db, new TargetSubject(TargetScopeKind.Kam, kam.Id), quarters[i], timeZone, ct);
                var reach = attainments[i];
                Add(db, kam, quarters[i], TargetMetric.Revenue, Round(actuals[TargetMetric.Revenue], reach, 1000m) ?? 100_000m);
                Add(db, kam, quarters[i], TargetMetric.GrossMargin, Round(actuals[TargetMetric.GrossMargin], reach, 1000m) ?? 30_000m);
                Add(db, kam, quarters[i], TargetMetric.MeetingsAndCalls, Math.Max(1m, Round(actuals[TargetMetric.MeetingsAndCalls], reach, 1m) ?? 10m));
                Add(db, kam, quarters[i], TargetMetric.Nrr, 1.00m);
                Add(db, kam, quarters[i], TargetMetric.Retention, 0.90m);
            }
        }
        db.Set<PayPlan>().Add(new PayPlan
        {
            Name = PlanName,
            Granularity = PeriodGranularity.Quarter,
            Threshold = 0.8m,
            Cap = 1.5m,
            Accelerator = 2m,
            Components =
            [
                new PayComponent(TargetMetric.Revenue, 0.4m),
                new PayComponent(TargetMetric.GrossMargin, 0.2m),
                new PayComponent(TargetMetric.Nrr, 0.2m),
                new PayComponent(TargetMetric.MeetingsAndCalls, 0.2m),
            ],
            Members = [.. Attainments.Keys.Select(k => new PayMember(team[k].Id, team[k].Role == KeystoneRole.SeniorKam ? 9_000m : 6_000m))],
        });
        await db.SaveChangesAsync(ct);
    }

    private static void Add(KeystoneDbContext db, KeystoneUser kam, Period quarter, TargetMetric metric, decimal value) =>
        db.Set<Target>().Add(new Target
        {
            ScopeKind = TargetScopeKind.Kam,
            UserId = kam.Id,
            ScopeKey = Target.KeyOf(TargetScopeKind.Kam, kam.Id),
            Metric = metric,
            Period = quarter.ToString(),
            Value = value,
        });

    // The target that makes the actual reach the given attainment, rounded to a round figure; none for an actual of 0 or less.
    private static decimal? Round(decimal? actual, decimal reach, decimal unit) =>
        actual is > 0 and { } a ? Math.Max(unit, KpiMath.Round(a / reach / unit, 0) * unit) : null;
}
