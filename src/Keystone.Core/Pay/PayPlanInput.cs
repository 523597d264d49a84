using System.Globalization;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Targets;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Pay;

public sealed record PayComponentInput(string? Metric, decimal? Weight);

public sealed record PayMemberInput(Guid? UserId, decimal? OnTargetPay);

/// <summary>
/// The fields of a pay plan. On create, name, components and members are needed; period defaults to
/// quarter, threshold to 0, cap to 2 and accelerator to 1. An absent field is left as it is.
/// </summary>
public sealed record PayPlanInput
{
    public Optional<string?> Name { get; init; }
    public Optional<string?> Period { get; init; }
    public Optional<decimal?> Threshold { get; init; }
    public Optional<decimal?> Cap { get; init; }
    public Optional<decimal?> Accelerator { get; init; }
    public Optional<IReadOnlyList<PayComponentInput>?> Components { get; init; }
    public Optional<IReadOnlyList<PayMemberInput>?> Members { get; init; }

    internal async Task ApplyToAsync(KeystoneDbContext db, PayPlan plan, bool isNew, CancellationToken ct)
    {
        var v = new Validator();
        if (isNew || Name.IsSet)
        {
            plan.Name = v.Required("name", Name.GetValueOrDefault(null), 200, "A plan's name") ?? plan.Name;
        }
        if (Period.IsSet)
        {
            switch (Period.Value?.Trim().ToLowerInvariant())
            {
                case "month": plan.Granularity = PeriodGranularity.Month; break;
                case "quarter": plan.Granularity = PeriodGranularity.Quarter; break;
                case "year": plan.Granularity = PeriodGranularity.Year; break;
                default: v.Add("period", $"'{Period.Value}' is not a period length; use month, quarter or year: the period the on-target pay is for."); break;
            }
        }
        if (isNew)
        {
            plan.Threshold = 0;
            plan.Cap = 2;
            plan.Accelerator = 1;
        }
        plan.Threshold = Rate(v, "threshold", Threshold, plan.Threshold, 0, 1, "a fraction from 0 to 1 (0.8 for 80 %)");
        plan.Cap = Rate(v, "cap", Cap, plan.Cap, 1, 10, "a payout factor from 1 to 10 (1.5 for 150 %)");
        plan.Accelerator = Rate(v, "accelerator", Accelerator, plan.Accelerator, 0, 10, "a multiplier from 0 to 10 (2 pays two points per point above 100 %)");

        if (isNew || Components.IsSet)
        {
            var components = Components.GetValueOrDefault(null) ?? [];
            var parsed = new List<PayComponent>();
            for (var i = 0; i < components.Count; i++)
            {
                var c = components[i];
                if (!TargetMetrics.TryParse(c.Metric, out var metric))
                {
                    v.Add($"components[{i}].metric", $"'{c.Metric}' is not a metric; use one of {TargetMetrics.Choices}.");
                    continue;
                }
                if (parsed.Any(p => p.Metric == metric))
                {
                    v.Add($"components[{i}].metric", $"{metric.ToIdentifier()} is in the plan twice; give each metric once.");
                    continue;
                }
                if (c.Weight is not { } weight || weight <= 0 || weight > 1 || decimal.Round(weight, 4) != weight)
                {
                    v.Add($"components[{i}].weight", "A weight is a fraction above 0 and at most 1, with at most four decimals (0.4 for 40 %).");
                    continue;
                }
                parsed.Add(new PayComponent(metric, weight));
            }
            if (components.Count == 0)
            {
                v.Add("components", "A plan pays on at least one metric; give components such as [{\"metric\":\"revenue\",\"weight\":1}].");
            }
            else if (parsed.Count == components.Count && parsed.Sum(p => p.Weight) != 1)
            {
                v.Add("components", $"The weights add up to {(parsed.Sum(p => p.Weight) * 100).ToString("0.##", CultureInfo.InvariantCulture)} %; make them add up to exactly 100 % (1).");
            }
            plan.Components = parsed;
        }

        if (isNew || Members.IsSet)
        {
            var members = Members.GetValueOrDefault(null) ?? [];
            var parsed = new List<PayMember>();
            var ids = members.Select(m => m.UserId).OfType<Guid>().Distinct().ToList();
            var known = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
            var others = await db.Set<PayPlan>().AsNoTracking().Where(p => p.Id != plan.Id).Select(p => new { p.Name, p.MembersJson }).ToListAsync(ct);
            for (var i = 0; i < members.Count; i++)
            {
                var m = members[i];
                if (m.UserId is not { } userId || !known.Contains(userId))
                {
                    v.Add($"members[{i}].userId", "Name a user by their id; pick one from GET /api/v1/users.");
                    continue;
                }
                if (parsed.Any(p => p.UserId == userId))
                {
                    v.Add($"members[{i}].userId", "This user is in the plan twice; give each KAM once.");
                    continue;
                }
                var other = others.FirstOrDefault(o => o.MembersJson.Contains(userId.ToString(), StringComparison.OrdinalIgnoreCase));
                if (other is not null)
                {
                    throw new ConflictException($"The user {userId} is already paid under the plan '{other.Name}'; a KAM is paid under one plan, so remove them from it first.");
                }
                if (m.OnTargetPay is not { } pay || pay < 0 || pay >= TargetInput.MaxValue || decimal.Round(pay, 4) != pay)
                {
                    v.Add($"members[{i}].onTargetPay", "The on-target pay is an amount of 0 or more in the reporting currency, with at most four decimals.");
                    continue;
                }
                parsed.Add(new PayMember(userId, pay));
            }
            plan.Members = parsed;
        }
        v.ThrowIfInvalid();
    }

    private static decimal Rate(Validator v, string field, Optional<decimal?> value, decimal current, decimal min, decimal max, string what)
    {
        if (!value.IsSet)
        {
            return current;
        }
        if (value.Value is not { } x || x < min || x > max || decimal.Round(x, 4) != x)
        {
            v.Add(field, $"'{field}' is {what}, with at most four decimals.");
            return current;
        }
        return x;
    }
}
