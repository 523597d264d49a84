using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>What converting the stored revenue did.</summary>
/// <param name="To">The reporting currency every line is now in.</param>
/// <param name="From">The currencies the converted lines were in before.</param>
/// <param name="Lines">Lines converted (0 when they were all in <paramref name="To"/> already).</param>
/// <param name="Imports">Imports whose lines are now in <paramref name="To"/>.</param>
/// <param name="AmountsKept">
/// Amounts people entered in the old reporting currency that were not converted (money targets,
/// available sales of the selection matrix), one line each with their count.
/// </param>
public sealed record ReportingCurrencyConversion(string To, IReadOnlyList<string> From, long Lines, int Imports, IReadOnlyList<string> AmountsKept);

/// <summary>
/// The stored revenue is in one reporting currency, the one configured (<c>Revenue:ReportingCurrency</c>).
/// Each line keeps its quantity, prices and currency as the ERP wrote them, and its amount converted
/// at import; when the configured currency changes, every line's amount must be converted again, or
/// every figure would mix two currencies. Until then the web server does not start and imports and
/// KPI commands refuse (<see cref="DemandStoredMatchesAsync"/>), naming both currencies and what to do.
/// </summary>
/// <remarks>
/// A line is converted from its own currency with the rate to the new reporting currency on its date
/// (the latest on or before it, as an import does), never from its old amount, so that converting back
/// and forth does not drift. Every rate needed is checked first; one missing refuses the conversion and
/// nothing changes. All lines are converted in one transaction, and the revenue revision moves so that
/// every stored KPI is computed again.
/// </remarks>
public static class ConvertReportingCurrency
{
    private const int Batch = 2000;
    private const int MissingShown = 20;

    /// <summary>The reporting currencies, other than <paramref name="reportingCurrency"/>, that stored lines are in.</summary>
    public static async Task<IReadOnlyList<string>> StoredOtherThanAsync(KeystoneDbContext db, string reportingCurrency, CancellationToken ct = default) =>
        await db.InvoiceImports.AsNoTracking()
            .Where(i => i.ReportingCurrency != reportingCurrency && db.InvoiceLines.IgnoreQueryFilters().Any(l => l.ImportId == i.Id))
            .Select(i => i.ReportingCurrency)
            .Distinct()
            .OrderBy(c => c)
            .ToListAsync(ct);

    /// <summary>Null when every stored line is in <paramref name="reportingCurrency"/>; else what is wrong and what to do.</summary>
    public static async Task<string?> MismatchAsync(KeystoneDbContext db, string reportingCurrency, CancellationToken ct = default)
    {
        var stored = await StoredOtherThanAsync(db, reportingCurrency, ct);
        return stored.Count == 0
            ? null
            : $"The stored revenue is in {string.Join(" and ", stored)}, but Revenue:ReportingCurrency is {reportingCurrency}. " +
              $"Either set Revenue:ReportingCurrency back to {stored[0]}, or load rates to {reportingCurrency} ('keystone import rates FILE') " +
              $"and convert the stored revenue with 'keystone revenue convert'.";
    }

    /// <exception cref="ValidationException">Stored lines are in another reporting currency (field <c>reportingCurrency</c>).</exception>
    public static async Task DemandStoredMatchesAsync(KeystoneDbContext db, string reportingCurrency, CancellationToken ct = default)
    {
        if (await MismatchAsync(db, reportingCurrency, ct) is { } message)
        {
            throw new ValidationException("reportingCurrency", message);
        }
    }

    /// <summary>Converts every stored line to <see cref="RevenueOptions.ReportingCurrency"/>.</summary>
    /// <param name="progress">Lines converted so far, of how many.</param>
    /// <exception cref="ForbiddenException">The actor is not an administrator.</exception>
    /// <exception cref="ValidationException">Rates are missing or an amount would be too large; nothing was changed.</exception>
    public static async Task<ReportingCurrencyConversion> HandleAsync(
        KeystoneDbContext db, RevenueOptions options, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanConvertRevenue(), "Only an administrator can convert the stored revenue to another currency.");
        var to = options.ReportingCurrency;
        var from = await StoredOtherThanAsync(db, to, ct);
        if (from.Count == 0)
        {
            return new ReportingCurrencyConversion(to, [], 0, 0, []);
        }
        var rates = await ExchangeRateTable.LoadAsync(db, to, ct);
        await DemandRatesAsync(db, rates, to, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var total = await db.InvoiceLines.IgnoreQueryFilters().LongCountAsync(ct);
        long converted = 0;
        var after = Guid.Empty;
        var tooLarge = new List<string>();
        while (true)
        {
            var batch = await db.InvoiceLines.IgnoreQueryFilters()
                .Where(l => l.Id.CompareTo(after) > 0)
                .OrderBy(l => l.Id)
                .Take(Batch)
                .AsTracking()
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var line in batch)
            {
                var rate = rates.Find(line.Currency, line.InvoiceDate)!.Value;
                if (!ImportInvoices.TryAmounts(line.Quantity, line.UnitPrice, line.UnitCost, rate, out var amount, out var cost))
                {
                    if (tooLarge.Count < MissingShown)
                    {
                        tooLarge.Add($"line {line.LineKey} of invoice {line.InvoiceNumber} ({line.Source}) would be too large in {to}.");
                    }
                    continue;
                }
                line.ExchangeRate = rate;
                line.Amount = amount;
                line.AmountE4 = ScaledMoney.ToE4(amount);
                line.CostAmount = cost;
                line.CostAmountE4 = cost is { } value ? ScaledMoney.ToE4(value) : null;
            }
            if (tooLarge.Count == 0)
            {
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.Clear();
            converted += batch.Count;
            after = batch[^1].Id;
            progress?.Report((converted, total));
        }
        if (tooLarge.Count > 0)
        {
            tooLarge[^1] += " Nothing was converted.";
            throw new ValidationException(new Dictionary<string, string[]> { ["lines"] = [.. tooLarge] });
        }
        var imports = await db.InvoiceImports.Where(i => i.ReportingCurrency != to)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReportingCurrency, to), ct);
        await Kpis.RevenueRevision.BumpAsync(db, ct);
        await transaction.CommitAsync(ct);
        return new ReportingCurrencyConversion(to, from, converted, imports, await AmountsKeptAsync(db, ct));
    }

    private static async Task DemandRatesAsync(KeystoneDbContext db, ExchangeRateTable rates, string to, CancellationToken ct)
    {
        // The first date each currency is needed on decides: rates are looked up "on or before".
        var firstDates = await db.InvoiceLines.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.Currency != to)
            .GroupBy(l => l.Currency)
            .Select(g => new { Currency = g.Key, First = g.Min(l => l.InvoiceDate) })
            .OrderBy(g => g.Currency)
            .ToListAsync(ct);
        var missing = firstDates
            .Where(c => rates.Find(c.Currency, c.First) is null)
            .Select(c => $"There is no {c.Currency} rate to {to} on or before {c.First:yyyy-MM-dd} (the first invoice date in {c.Currency}).")
            .ToList();
        if (missing.Count > 0)
        {
            var shown = missing.Take(MissingShown).ToList();
            shown[^1] += $" Load rates to {to} with 'keystone import rates FILE', then convert again. Nothing was converted.";
            throw new ValidationException(new Dictionary<string, string[]> { ["rates"] = [.. shown] });
        }
    }

    private static async Task<IReadOnlyList<string>> AmountsKeptAsync(KeystoneDbContext db, CancellationToken ct)
    {
        var kept = new List<string>();
        var targets = await db.Set<Targets.Target>().IgnoreQueryFilters()
            .CountAsync(t => t.Metric == Targets.TargetMetric.Revenue || t.Metric == Targets.TargetMetric.GrossMargin, ct);
        if (targets > 0)
        {
            kept.Add($"{targets} revenue or gross-margin target(s)");
        }
        var sales = await db.Set<Portfolio.AccountSelection>().IgnoreQueryFilters().CountAsync(s => s.AvailableSales != null, ct);
        if (sales > 0)
        {
            kept.Add($"{sales} account(s) with available sales in the selection matrix");
        }
        return kept;
    }
}
