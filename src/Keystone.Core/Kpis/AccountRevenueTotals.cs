using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>
/// The net revenue of many accounts over one window in a single grouped query (KPIS.md, "Periods,
/// scope, money"): the sum of each account's invoice lines dated in the window, credit notes included,
/// in the reporting currency. It reads the lines as the KPI engine does (<see cref="KpiQuery"/>): the
/// scaled amounts (<see cref="InvoiceLine.AmountE4"/>, converted at import at the rate of the invoice
/// date and summed exactly in SQL on both databases, ADR 0004) through the current actor's query
/// filters, so each total equals the engine's net revenue of that account over the same months.
/// </summary>
public static class AccountRevenueTotals
{
    /// <summary>
    /// The net revenue per account of the lines dated in <c>[from, to)</c>. Only accounts with a line the
    /// actor can see in the window are in the result: an account without one, or out of the actor's
    /// sight, is absent (its revenue is 0 to the caller).
    /// </summary>
    /// <param name="accountIds">The accounts wanted; null for every account the actor can see.</param>
    public static async Task<IReadOnlyDictionary<Guid, decimal>> HandleAsync(
        KeystoneDbContext db, IReadOnlyCollection<Guid>? accountIds, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var lines = db.InvoiceLines.AsNoTracking().Where(l => l.AccountId != null && l.InvoiceDate >= from && l.InvoiceDate < to);
        if (accountIds is not null)
        {
            if (accountIds.Count == 0)
            {
                return new Dictionary<Guid, decimal>();
            }
            var ids = accountIds.Distinct().ToArray();
            lines = lines.Where(l => ids.Contains(l.AccountId!.Value));
        }
        var sums = await lines
            .GroupBy(l => l.AccountId!.Value)
            .Select(g => new { AccountId = g.Key, AmountE4 = g.Sum(l => l.AmountE4) })
            .ToListAsync(ct);
        return sums.ToDictionary(s => s.AccountId, s => ScaledMoney.FromE4(s.AmountE4));
    }

    /// <summary>The same over whole periods, from the start of <paramref name="first"/> to the end of <paramref name="last"/>, as a <see cref="KpiRequest"/> spans them.</summary>
    public static Task<IReadOnlyDictionary<Guid, decimal>> HandleAsync(
        KeystoneDbContext db, IReadOnlyCollection<Guid>? accountIds, Period first, Period last, CancellationToken ct = default) =>
        HandleAsync(db, accountIds, first.Start, last.End, ct);
}
