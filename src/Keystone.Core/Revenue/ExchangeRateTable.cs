using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>
/// Every rate to the reporting currency, loaded before the import starts writing (on PostgreSQL the
/// connection is busy with COPY then), so that finding the rate of a line costs a binary search.
/// Daily rates of 30 currencies over 25 years are about 270,000 rows: a few megabytes.
/// </summary>
internal sealed class ExchangeRateTable
{
    private readonly string _reportingCurrency;
    private readonly Dictionary<string, (DateOnly[] Dates, decimal[] Rates)> _byCurrency;

    private ExchangeRateTable(string reportingCurrency, Dictionary<string, (DateOnly[] Dates, decimal[] Rates)> byCurrency)
    {
        _reportingCurrency = reportingCurrency;
        _byCurrency = byCurrency;
    }

    public static async Task<ExchangeRateTable> LoadAsync(KeystoneDbContext db, string reportingCurrency, CancellationToken ct)
    {
        var rates = await db.ExchangeRates.AsNoTracking()
            .Where(r => r.ToCurrency == reportingCurrency)
            .OrderBy(r => r.Currency).ThenBy(r => r.Date)
            .Select(r => new { r.Currency, r.Date, r.Rate })
            .ToListAsync(ct);
        var byCurrency = rates.GroupBy(r => r.Currency, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.Select(r => r.Date).ToArray(), g.Select(r => r.Rate).ToArray()), StringComparer.Ordinal);
        return new ExchangeRateTable(reportingCurrency, byCurrency);
    }

    /// <summary>The latest rate of <paramref name="currency"/> on or before <paramref name="date"/>; 1 for the reporting currency; null when there is none.</summary>
    public decimal? Find(string currency, DateOnly date)
    {
        if (currency == _reportingCurrency)
        {
            return 1m;
        }
        if (!_byCurrency.TryGetValue(currency, out var table))
        {
            return null;
        }
        var at = Array.BinarySearch(table.Dates, date);
        if (at < 0)
        {
            at = ~at - 1;
        }
        return at >= 0 ? table.Rates[at] : null;
    }
}
