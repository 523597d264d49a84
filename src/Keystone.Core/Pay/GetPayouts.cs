using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Targets;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Pay;

/// <summary>A KAM's variable pay for one period under their plan, with its calculation line by line (docs/pay.md).</summary>
public sealed record Payout(
    UserRef User,
    Guid PlanId,
    string PlanName,
    string Period,
    decimal Threshold,
    decimal Cap,
    decimal Accelerator,
    decimal OnTargetPay,
    IReadOnlyList<PayoutLine> Lines,
    decimal Total);

public static class GetPayouts
{
    public sealed record Query
    {
        /// <summary>The period paid: 2026-07, 2026-Q3 or 2026, of the length the plan pays on.</summary>
        public string? Period { get; init; }

        /// <summary>One KAM, by id, email or <c>me</c>; when absent, everyone whose pay the actor may see.</summary>
        public string? User { get; init; }

        public string TimeZone { get; init; } = "UTC";
    }

    public static async Task<IReadOnlyList<Payout>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validator();
        var period = TargetInput.CheckPeriod(v, query.Period);
        v.ThrowIfInvalid();

        Guid? only = null;
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            only = await ResolveUserAsync(db, query.User.Trim(), ct);
            await GetAttainment.RequireReadableAsync(db, new TargetSubject(TargetScopeKind.Kam, only.Value), ct);
        }

        var plans = await db.Set<PayPlan>().AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct);
        var members = plans
            .SelectMany(p => p.Members.Select(m => (Plan: p, Member: m)))
            .Where(x => only is { } id ? x.Member.UserId == id : db.Actor.CanSeePayoutOf(x.Member.UserId))
            .ToList();
        if (only is not null && members.Count == 1 && members[0].Plan.Granularity != period!.Value.Granularity)
        {
            var length = members[0].Plan.Granularity.ToString().ToLowerInvariant();
            throw new ValidationException("period", $"The plan '{members[0].Plan.Name}' pays per {length}; ask for a {length}, such as {Kpis.Period.For(period.Value.Start, members[0].Plan.Granularity)}.");
        }
        members = [.. members.Where(x => x.Plan.Granularity == period!.Value.Granularity)];

        var ids = members.Select(x => x.Member.UserId).ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var payouts = new List<Payout>(members.Count);
        foreach (var (plan, member) in members.OrderBy(x => users.GetValueOrDefault(x.Member.UserId)?.DisplayName, StringComparer.CurrentCulture))
        {
            payouts.Add(await ComputeAsync(db, plan, member, users.GetValueOrDefault(member.UserId) ?? new UserRef(member.UserId, ""), period!.Value, query.TimeZone, ct));
        }
        return payouts;
    }

    private static async Task<Payout> ComputeAsync(KeystoneDbContext db, PayPlan plan, PayMember member, UserRef user, Kpis.Period period, string timeZone, CancellationToken ct) =>
        Compute(plan, member, user, period, await GetAttainment.LinesAsync(db, new TargetSubject(TargetScopeKind.Kam, member.UserId), period, timeZone, ct));

    internal static Payout Compute(PayPlan plan, PayMember member, UserRef user, Kpis.Period period, IReadOnlyList<AttainmentLine> lines)
    {
        var values = new Dictionary<TargetMetric, (decimal? Target, decimal? Actual)>();
        foreach (var line in lines)
        {
            TargetMetrics.TryParse(line.Metric, out var metric);
            values[metric] = (line.Target, line.Actual);
        }
        var calculation = PayoutCalculator.Compute(plan.Terms, member.OnTargetPay, values);
        return new Payout(user, plan.Id, plan.Name, period.ToString(), plan.Threshold, plan.Cap, plan.Accelerator, member.OnTargetPay, calculation.Lines, calculation.Total);
    }

    private static async Task<Guid> ResolveUserAsync(KeystoneDbContext db, string text, CancellationToken ct)
    {
        if (text.Equals("me", StringComparison.OrdinalIgnoreCase))
        {
            return db.Actor.RequireUserId();
        }
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }
        var normalized = text.ToUpperInvariant();
        return await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct)
            ?? throw new ValidationException("user", $"No user has the email {text}; name a user by id, email or 'me'.");
    }
}
