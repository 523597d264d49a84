using System.Linq.Expressions;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Targets;

public static class ListTargets
{
    public sealed record Query
    {
        /// <summary>kam, team or account.</summary>
        public string? Scope { get; init; }
        public Guid? UserId { get; init; }
        public Guid? AccountId { get; init; }
        public string? Metric { get; init; }

        /// <summary>Exactly this period, as written (2026-07, 2026-Q3, 2026).</summary>
        public string? Period { get; init; }

        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    private static readonly Keyset<Target> ByPeriod = new("period", false, (Expression<Func<Target, string>>)(t => t.Period), t => t.Id);

    /// <summary>The targets the actor may read, by period, a page at a time.</summary>
    public static async Task<Page<TargetDetails>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validator();
        var size = Paging.CheckPageSize(query.PageSize);
        var targets = TargetDetails.Visible(db);
        if (!string.IsNullOrWhiteSpace(query.Scope))
        {
            if (Enum.TryParse<TargetScopeKind>(query.Scope.Trim(), ignoreCase: true, out var kind) && !int.TryParse(query.Scope, out _))
            {
                targets = targets.Where(t => t.ScopeKind == kind);
            }
            else
            {
                v.Add("scope", $"'{query.Scope}' is not a target scope; use kam, team or account.");
            }
        }
        if (query.UserId is { } userId)
        {
            targets = targets.Where(t => t.UserId == userId);
        }
        if (query.AccountId is { } accountId)
        {
            targets = targets.Where(t => t.AccountId == accountId);
        }
        if (!string.IsNullOrWhiteSpace(query.Metric))
        {
            if (TargetMetrics.TryParse(query.Metric, out var metric))
            {
                targets = targets.Where(t => t.Metric == metric);
            }
            else
            {
                v.Add("metric", $"'{query.Metric}' is not a metric; use one of {TargetMetrics.Choices}.");
            }
        }
        if (!string.IsNullOrWhiteSpace(query.Period))
        {
            var period = TargetInput.CheckPeriod(v, query.Period)?.ToString();
            targets = targets.Where(t => t.Period == period);
        }
        v.ThrowIfInvalid();

        var total = await targets.CountAsync(ct);
        var rows = await ByPeriod.Apply(targets, query.PageToken).Take(size).ToListAsync(ct);
        // The owners of the page's accounts in one query: an account target's subject is its owner.
        var accountIds = rows.Select(r => r.AccountId).OfType<Guid>().Distinct().ToList();
        var owners = await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.OwnerId, ct);
        var withSubjects = rows.Select(r => (r, r.AccountId is { } a ? owners.GetValueOrDefault(a) : r.UserId ?? Guid.Empty)).ToList();
        return new Page<TargetDetails>(await TargetDetails.DescribeAsync(db, withSubjects, ct), ByPeriod.NextToken(rows, size), total);
    }
}
