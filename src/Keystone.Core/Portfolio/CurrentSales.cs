using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Portfolio;

/// <summary>
/// The current sales of the matrix's bubbles: each account's net revenue over the trailing 12 months,
/// the last 12 whole months in the reporting time zone (as the KPI page's default range), taken from
/// the KPI engine (<see cref="KpiQuery"/>) so that the matrix and the KPIs never disagree.
/// </summary>
public static class CurrentSales
{
    /// <summary>The 12 whole months before the month under way in the reporting time zone.</summary>
    public static (Period From, Period To) Window(DateTimeOffset now, TimeZoneInfo zone)
    {
        var thisMonth = ReportingCalendar.PeriodOf(now, zone, PeriodGranularity.Month);
        return (thisMonth.Offset(-12), thisMonth.Previous());
    }

    /// <summary>The trailing-12-month net revenue of each account (0 when it has none); the accounts must be visible to the actor.</summary>
    public static async Task<IReadOnlyDictionary<Guid, decimal>> ForAccountsAsync(
        KeystoneDbContext db, IReadOnlyCollection<Guid> accountIds, RevenueOptions revenue, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(revenue);
        var (from, to) = Window(db.Clock.GetUtcNow(), revenue.TimeZone);
        var result = accountIds.Distinct().ToDictionary(id => id, _ => 0m);
        if (result.Count == 0)
        {
            return result;
        }
        // Only accounts with a line in the window can have revenue there; the engine is asked about those alone.
        var ids = result.Keys.ToList();
        var start = from.Start;
        var end = to.End;
        var invoiced = await db.InvoiceLines.AsNoTracking()
            .Where(l => l.AccountId != null && ids.Contains(l.AccountId.Value) && l.InvoiceDate >= start && l.InvoiceDate < end)
            .Select(l => l.AccountId!.Value)
            .Distinct()
            .ToListAsync(ct);
        foreach (var id in invoiced)
        {
            var periods = await KpiQuery.HandleAsync(db, new KpiRequest(new KpiScope(KpiScopeKind.Account, id), PeriodGranularity.Month, from, to), ct);
            result[id] = periods.Sum(p => p.Snapshot.NetRevenue);
        }
        return result;
    }
}
