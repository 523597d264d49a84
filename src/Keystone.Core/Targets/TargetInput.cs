using System.Globalization;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Targets;

/// <summary>
/// The fields of a target. On create every one is needed: <c>scope</c> (kam, team or account), the
/// <c>userId</c> (kam, team) or <c>accountId</c> (account), <c>metric</c>, <c>period</c> and <c>value</c>.
/// On update only <c>value</c> may change: the other fields say which target it is.
/// </summary>
public sealed record TargetInput
{
    public Optional<string?> Scope { get; init; }
    public Optional<Guid?> UserId { get; init; }
    public Optional<Guid?> AccountId { get; init; }
    public Optional<string?> Metric { get; init; }
    public Optional<string?> Period { get; init; }
    public Optional<decimal?> Value { get; init; }

    /// <summary>At most ±10^14 (as invoice amounts) and four decimals, so both databases store it exactly.</summary>
    public const decimal MaxValue = 100_000_000_000_000m;

    internal static decimal? CheckValue(Validator v, TargetMetric metric, decimal? value, string field = "value")
    {
        if (value is not { } x)
        {
            v.Add(field, "A target value is required.");
            return null;
        }
        if (x < 0)
        {
            v.Add(field, $"{x.ToString(CultureInfo.InvariantCulture)} is negative; a target is 0 or more.");
        }
        else if (x >= MaxValue)
        {
            v.Add(field, "The value is too large; give at most 99,999,999,999,999.");
        }
        else if (decimal.Round(x, 4) != x)
        {
            v.Add(field, $"{x.ToString(CultureInfo.InvariantCulture)} has more than four decimals; round it.");
        }
        else if (metric.Unit() == MetricUnit.Count && decimal.Truncate(x) != x)
        {
            v.Add(field, $"{metric.ToIdentifier()} is a count; give a whole number.");
        }
        else if (metric.Unit() == MetricUnit.Rate && x > 10)
        {
            v.Add(field, $"{metric.ToIdentifier()} is a rate written as a fraction (0.95 for 95 %); {x.ToString(CultureInfo.InvariantCulture)} is out of range.");
        }
        return x;
    }

    internal static Kpis.Period? CheckPeriod(Validator v, string? text, string field = "period")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add(field, "A period is required: a month (2026-07), a quarter (2026-Q3) or a year (2026).");
            return null;
        }
        if (!Kpis.Period.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var period))
        {
            v.Add(field, $"'{text}' is not a period; write a month as 2026-07, a quarter as 2026-Q3 or a year as 2026.");
            return null;
        }
        return period;
    }

    /// <summary>Checks a new target's fields, and that the actor may set targets for its subject (403 otherwise).</summary>
    internal async Task<(Target Target, Guid Subject)> ToNewTargetAsync(KeystoneDbContext db, CancellationToken ct)
    {
        var v = new Validator();
        TargetScopeKind? kind = Scope.GetValueOrDefault(null)?.Trim().ToLowerInvariant() switch
        {
            "kam" => TargetScopeKind.Kam,
            "team" => TargetScopeKind.Team,
            "account" => TargetScopeKind.Account,
            _ => null,
        };
        if (kind is null)
        {
            v.Add("scope", $"'{Scope.GetValueOrDefault(null)}' is not a target scope; use kam, team or account.");
        }
        TargetMetric metric = default;
        if (!TargetMetrics.TryParse(Metric.GetValueOrDefault(null), out metric))
        {
            v.Add("metric", $"'{Metric.GetValueOrDefault(null)}' is not a metric; use one of {TargetMetrics.Choices}.");
        }
        var period = CheckPeriod(v, Period.GetValueOrDefault(null));
        var value = CheckValue(v, metric, Value.GetValueOrDefault(null));

        Guid? subject = null;
        Guid? userId = null, accountId = null;
        if (kind is TargetScopeKind.Kam or TargetScopeKind.Team)
        {
            if (AccountId.GetValueOrDefault(null) is not null)
            {
                v.Add("accountId", "A KAM's or a team's target names a userId, not an account; leave accountId out.");
            }
            userId = UserId.GetValueOrDefault(null);
            if (userId is not { } id)
            {
                v.Add("userId", "Name the KAM (or the team's lead) by their user id.");
            }
            else if (!await db.Users.AnyAsync(u => u.Id == id, ct))
            {
                v.Add("userId", $"No user has the id {id}; pick one from GET /api/v1/users.");
            }
            else if (!db.Actor.CanReadTargetsOf(id))
            {
                v.Add("userId", "You may set targets only for the people you manage; pick one of them.");
            }
            else
            {
                subject = id;
            }
        }
        else if (kind == TargetScopeKind.Account)
        {
            if (UserId.GetValueOrDefault(null) is not null)
            {
                v.Add("userId", "An account's target names an accountId, not a user; leave userId out.");
            }
            accountId = AccountId.GetValueOrDefault(null);
            if (accountId is not { } id)
            {
                v.Add("accountId", "Name the account by its id.");
            }
            else
            {
                var owner = await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => (Guid?)a.OwnerId).SingleOrDefaultAsync(ct);
                if (owner is null || !db.Actor.CanReadTargetsOf(owner.Value))
                {
                    v.Add("accountId", "No account you may set targets for has this id; pick an account of yours or of someone you manage.");
                }
                else
                {
                    subject = owner;
                }
            }
        }
        v.ThrowIfInvalid();
        Access.AccessRules.Demand(db.Actor.CanSetTargetsOf(subject!.Value),
            "Targets are set by a head of KAM, an administrator, or a senior KAM for the juniors they manage; you may read this target but not set it.");
        var target = new Target
        {
            ScopeKind = kind!.Value,
            UserId = userId,
            AccountId = accountId,
            ScopeKey = Target.KeyOf(kind.Value, (userId ?? accountId)!.Value),
            Metric = metric,
            Period = period!.Value.ToString(),
            Value = value!.Value,
        };
        return (target, subject.Value);
    }
}
