using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Targets;

/// <summary>
/// One metric of a scope in a period: its target (null when none is set), the actual from the KPI
/// engine (null where the KPI is undefined, KPIS.md) and <c>attainment = actual / target</c>, null when
/// either is missing or the target is 0.
/// </summary>
public sealed record AttainmentLine(string Metric, string Label, string Unit, Guid? TargetId, decimal? Target, decimal? Actual, decimal? Attainment);

public sealed record AttainmentReport(string Scope, UserRef? User, AccountRef? Account, string Period, IReadOnlyList<AttainmentLine> Lines);

/// <summary>Whose attainment: a KAM's portfolio, a team, or an account, in one period.</summary>
public sealed record TargetSubject(TargetScopeKind Kind, Guid Id)
{
    public string Key => Target.KeyOf(Kind, Id);
}

public static class GetAttainment
{
    public sealed record Query
    {
        /// <summary>kam (default), team or account.</summary>
        public string? Scope { get; init; }
        public Guid? UserId { get; init; }
        public Guid? AccountId { get; init; }
        public string? Period { get; init; }

        /// <summary>The reporting time zone: meetings and calls are counted by the calendar it keeps.</summary>
        public string TimeZone { get; init; } = "UTC";
    }

    public static async Task<AttainmentReport> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validator();
        var kind = query.Scope?.Trim().ToLowerInvariant() switch
        {
            null or "" or "kam" => TargetScopeKind.Kam,
            "team" => TargetScopeKind.Team,
            "account" => TargetScopeKind.Account,
            _ => (TargetScopeKind?)null,
        };
        if (kind is null)
        {
            v.Add("scope", $"'{query.Scope}' is not a target scope; use kam, team or account.");
        }
        var id = kind == TargetScopeKind.Account ? query.AccountId : query.UserId;
        if (kind is not null && id is null)
        {
            v.Add(kind == TargetScopeKind.Account ? "accountId" : "userId", kind == TargetScopeKind.Account ? "Name the account by its id." : "Name the KAM (or the team's lead) by their user id.");
        }
        var period = TargetInput.CheckPeriod(v, query.Period);
        v.ThrowIfInvalid();
        var subject = new TargetSubject(kind!.Value, id!.Value);
        var (user, account) = await RequireReadableAsync(db, subject, ct);
        var lines = await LinesAsync(db, subject, period!.Value, query.TimeZone, ct);
        return new AttainmentReport(kind.Value.ToString().ToLowerInvariant(), user, account, period.Value.ToString(), lines);
    }

    /// <summary>The subject's user or account, when the actor may read its targets: a stranger's is 403, an account out of sight 404.</summary>
    internal static async Task<(UserRef? User, AccountRef? Account)> RequireReadableAsync(KeystoneDbContext db, TargetSubject subject, CancellationToken ct)
    {
        if (subject.Kind == TargetScopeKind.Account)
        {
            var account = await db.Accounts.AsNoTracking().Where(a => a.Id == subject.Id).Select(a => new { a.Id, a.Name, a.OwnerId }).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("Account", subject.Id);
            Access.AccessRules.Demand(db.Actor.CanReadTargetsOf(account.OwnerId),
                "You may see the targets of your own accounts and of the accounts of the people you manage only.");
            return (null, new AccountRef(account.Id, account.Name));
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == subject.Id).Select(u => new UserRef(u.Id, u.DisplayName)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("User", subject.Id);
        Access.AccessRules.Demand(db.Actor.CanReadTargetsOf(subject.Id),
            "You may see the targets and payouts of yourself and of the people you manage only.");
        return (user, null);
    }

    /// <summary>Every metric of the subject in the period, with its target where one is set.</summary>
    internal static async Task<IReadOnlyList<AttainmentLine>> LinesAsync(KeystoneDbContext db, TargetSubject subject, Period period, string timeZone, CancellationToken ct)
    {
        var key = subject.Key;
        var text = period.ToString();
        var targets = await db.Set<Target>().AsNoTracking().Where(t => t.ScopeKey == key && t.Period == text).ToListAsync(ct);
        var actuals = await ScopeActuals.HandleAsync(db, subject, period, timeZone, ct);
        return
        [
            .. TargetMetrics.All.Select(metric =>
            {
                var target = targets.FirstOrDefault(t => t.Metric == metric);
                var actual = actuals[metric];
                return new AttainmentLine(
                    metric.ToIdentifier(), metric.DisplayName(), metric.Unit().ToString().ToLowerInvariant(),
                    target?.Id, target?.Value, actual, KpiMath.Attainment(actual, target?.Value));
            }),
        ];
    }
}

/// <summary>
/// The actual of every target metric for a subject and period, from the KPI engine (<see cref="KpiQuery"/>)
/// and the meetings-and-calls count (<see cref="MeetingsAndCalls"/>), under the actor's access rules.
/// </summary>
public static class ScopeActuals
{
    public static async Task<IReadOnlyDictionary<TargetMetric, decimal?>> HandleAsync(
        KeystoneDbContext db, TargetSubject subject, Period period, string timeZone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        KpiScope scope;
        if (subject.Kind == TargetScopeKind.Account)
        {
            scope = new KpiScope(KpiScopeKind.Account, subject.Id);
        }
        else
        {
            var email = await db.Users.AsNoTracking().Where(u => u.Id == subject.Id).Select(u => u.Email).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("User", subject.Id);
            scope = new KpiScope(subject.Kind == TargetScopeKind.Kam ? KpiScopeKind.Kam : KpiScopeKind.Team, default, email);
        }
        var kpis = (await KpiQuery.HandleAsync(db, new KpiRequest(scope, period.Granularity, period, period), ct))[0].Snapshot;
        var meetings = await MeetingsAndCallsAsync(db, subject, period, timeZone, ct);
        return new Dictionary<TargetMetric, decimal?>
        {
            [TargetMetric.Revenue] = kpis.NetRevenue,
            [TargetMetric.GrossMargin] = kpis.GrossMargin.Value,
            [TargetMetric.Retention] = kpis.RetentionRate,
            [TargetMetric.Nrr] = kpis.Nrr,
            [TargetMetric.MeetingsAndCalls] = meetings,
            [TargetMetric.AdditionalOfferings] = kpis.AdditionalOfferings,
        };
    }

    private static async Task<int> MeetingsAndCallsAsync(KeystoneDbContext db, TargetSubject subject, Period period, string timeZone, CancellationToken ct)
    {
        if (subject.Kind != TargetScopeKind.Account)
        {
            var report = await MeetingsAndCalls.HandleAsync(db, new MeetingsAndCalls.Query
            {
                UserId = subject.Id,
                Period = period.Granularity.ToString().ToLowerInvariant(),
                From = period.ToString(),
                To = period.ToString(),
                TimeZone = timeZone,
            }, ct);
            var counts = report.Periods[0];
            return subject.Kind == TargetScopeKind.Kam ? counts.Count : counts.TeamCount;
        }
        // An account's count: its completed meetings and calls in the period, each once.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var start = MyWork.StartOf(period.Start, zone);
        var end = MyWork.StartOf(period.End, zone);
        var accountId = subject.Id;
        return await db.Activities.AsNoTracking()
            .Where(a => a.AccountId == accountId && (a.Type == ActivityType.Meeting || a.Type == ActivityType.Call) && a.Status == ActivityStatus.Completed)
            .CountAsync(a => a.StartsAt >= start && a.StartsAt < end, ct);
    }
}
