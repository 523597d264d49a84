using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Portfolio;

/// <summary>
/// The current sales of the matrix's bubbles: each account's net revenue over the trailing 12 months,
/// the last 12 whole months in the reporting time zone (as the KPI page's default range), summed as the
/// KPI engine sums net revenue (<see cref="AccountRevenueTotals"/>) so that the matrix and the KPIs
/// never disagree.
/// </summary>
public static class CurrentSales
{
    /// <summary>The trailing-12-month net revenue of each account (0 when it has none); the accounts must be visible to the actor.</summary>
    public static async Task<IReadOnlyDictionary<Guid, decimal>> ForAccountsAsync(
        KeystoneDbContext db, IReadOnlyCollection<Guid> accountIds, RevenueOptions revenue, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(revenue);
        var (from, to) = ReportingCalendar.TrailingTwelveMonths(db.Clock.GetUtcNow(), revenue.TimeZone);
        var result = accountIds.Distinct().ToDictionary(id => id, _ => 0m);
        if (result.Count == 0)
        {
            return result;
        }
        // One grouped query over the window, read as the engine reads it, so the figures match the KPI page's.
        var totals = await AccountRevenueTotals.HandleAsync(db, result.Keys, from, to, ct);
        foreach (var (id, total) in totals)
        {
            result[id] = total;
        }
        return result;
    }
}
