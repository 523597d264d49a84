using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Targets;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Pay;

/// <summary>
/// A KAM's scorecard for a period: every metric of their portfolio against its target, and their
/// payout under their plan. <see cref="PayoutNote"/> says why there is no payout, when there is none.
/// </summary>
public sealed record Scorecard(UserRef User, string Period, IReadOnlyList<AttainmentLine> Attainment, Payout? Payout, string? PayoutNote, bool CanSetTargets);

public static class GetScorecard
{
    public static async Task<Scorecard> HandleAsync(KeystoneDbContext db, Guid userId, string? period, string timeZone, CancellationToken ct = default)
    {
        var v = new Common.Validator();
        var parsed = TargetInput.CheckPeriod(v, period);
        v.ThrowIfInvalid();
        var subject = new TargetSubject(TargetScopeKind.Kam, userId);
        var (user, _) = await GetAttainment.RequireReadableAsync(db, subject, ct);
        var lines = await GetAttainment.LinesAsync(db, subject, parsed!.Value, timeZone, ct);

        var text = userId.ToString();
        var plans = await db.Set<PayPlan>().AsNoTracking().Where(p => p.MembersJson.Contains(text)).ToListAsync(ct);
        var plan = plans.FirstOrDefault(p => p.Members.Any(m => m.UserId == userId));
        Payout? payout = null;
        string? note = null;
        if (plan is null)
        {
            note = "No pay plan pays this KAM.";
        }
        else if (plan.Granularity != parsed.Value.Granularity)
        {
            var length = plan.Granularity.ToString().ToLowerInvariant();
            note = $"The plan '{plan.Name}' pays per {length}; choose a {length}, such as {Kpis.Period.For(parsed.Value.Start, plan.Granularity)}, to see the payout.";
        }
        else
        {
            payout = GetPayouts.Compute(plan, plan.Members.First(m => m.UserId == userId), user!, parsed.Value, lines);
        }
        return new Scorecard(user!, parsed.Value.ToString(), lines, payout, note, db.Actor.CanSetTargetsOf(userId));
    }
}
