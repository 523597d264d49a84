using System.Globalization;
using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>What loading a rates file did.</summary>
public sealed record ExchangeRateImportResult(int Read, int Added, int Changed, int Unchanged, IReadOnlyList<string> Currencies, DateOnly? From, DateOnly? To);

/// <summary>
/// Loads daily exchange rates from a CSV with the columns <c>date,currency,rate</c>: one unit of the
/// currency is worth <c>rate</c> units of the reporting currency on that date. The whole file is
/// checked first; any bad row refuses it, naming every bad row. A rate already stored for the same
/// date is replaced; lines imported before keep the rate they were converted with.
/// </summary>
public static class ImportExchangeRates
{
    private const int ErrorsShown = 20;

    /// <exception cref="ValidationException">Bad rows; nothing was loaded.</exception>
    /// <exception cref="InvoiceFileException">The file cannot be read or lacks a column.</exception>
    public static async Task<ExchangeRateImportResult> HandleAsync(
        KeystoneDbContext db, RevenueOptions options, Stream file, string fileName, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanImportRevenue(), "Only an administrator or a head of KAM can load exchange rates.");
        var opened = await InvoiceFile.OpenAsync(file, Path.GetFileName(fileName), ct);
        int Column(string name) => opened.Headers.Select((h, i) => (h, i)).Where(x => string.Equals(x.h, name, StringComparison.OrdinalIgnoreCase)).Select(x => (int?)x.i).FirstOrDefault()
            ?? throw new InvoiceFileException($"{opened.FileName} has no column '{name}'; a rates file has the columns date,currency,rate.");
        var (dateColumn, currencyColumn, rateColumn) = (Column("date"), Column("currency"), Column("rate"));

        var rates = new Dictionary<(string Currency, DateOnly Date), decimal>();
        var errors = new List<string>();
        var read = 0;
        foreach (var record in opened.Records(ct))
        {
            read++;
            var rowErrors = errors.Count;
            var currency = RejectsWriter.Text(record.Cells[currencyColumn]).Trim().ToUpperInvariant();
            if (currency.Length != 3 || !Currencies.IsKnown(currency))
            {
                errors.Add($"row {record.Row}: '{currency}' is not an ISO 4217 currency code.");
            }
            else if (currency == options.ReportingCurrency)
            {
                errors.Add($"row {record.Row}: {currency} is the reporting currency; its rate is always 1, leave it out.");
            }
            var dateText = RejectsWriter.Text(record.Cells[dateColumn]);
            DateOnly date = default;
            if (record.Cells[dateColumn] is DateTime t)
            {
                date = DateOnly.FromDateTime(t);
            }
            else if (!ErpDate.TryParse(dateText, DateOrder.Unknown, out var stamp, out var dateError) || !stamp.IsDateOnly)
            {
                errors.Add($"row {record.Row}: '{dateText.Trim()}' {dateError ?? "has a time; give the date alone"}.");
            }
            else
            {
                date = stamp.Date;
            }
            var rateText = RejectsWriter.Text(record.Cells[rateColumn]);
            if (!ErpNumber.TryParse(rateText, DecimalSeparator.Point, out var rate, out var rateError))
            {
                errors.Add($"row {record.Row}: rate '{rateText.Trim()}' {rateError} (write rates as 1.0842).");
            }
            else if (rate <= 0)
            {
                errors.Add($"row {record.Row}: rate {rate.ToString(CultureInfo.InvariantCulture)} is not above 0.");
            }
            else if (ErpNumber.FitScale(rate, RevenueLimits.QuantityScale) is null)
            {
                errors.Add($"row {record.Row}: rate {rate.ToString(CultureInfo.InvariantCulture)} has more than {RevenueLimits.QuantityScale} decimals.");
            }
            if (errors.Count == rowErrors && !rates.TryAdd((currency, date), rate) && rates[(currency, date)] != rate)
            {
                errors.Add($"row {record.Row}: {currency} on {date:yyyy-MM-dd} has two different rates in the file.");
            }
        }
        if (errors.Count > 0)
        {
            var shown = errors.Take(ErrorsShown).ToList();
            if (errors.Count > ErrorsShown)
            {
                shown.Add($"… and {errors.Count - ErrorsShown} more. Nothing was loaded.");
            }
            else
            {
                shown[^1] += " Nothing was loaded.";
            }
            throw new ValidationException(new Dictionary<string, string[]> { ["rates"] = [.. shown] });
        }

        var to = options.ReportingCurrency;
        var currencies = rates.Keys.Select(k => k.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        int added = 0, changed = 0, unchanged = 0;
        foreach (var currency in currencies)
        {
            var stored = await db.ExchangeRates.Where(r => r.ToCurrency == to && r.Currency == currency).ToDictionaryAsync(r => r.Date, ct);
            foreach (var ((_, date), rate) in rates.Where(r => r.Key.Currency == currency))
            {
                if (!stored.TryGetValue(date, out var existing))
                {
                    db.ExchangeRates.Add(new ExchangeRate { Currency = currency, ToCurrency = to, Date = date, Rate = rate });
                    added++;
                }
                else if (existing.Rate != rate)
                {
                    existing.Rate = rate;
                    changed++;
                }
                else
                {
                    unchanged++;
                }
            }
        }
        await db.SaveChangesAsync(ct);
        var dates = rates.Keys.Select(k => k.Date).ToList();
        return new ExchangeRateImportResult(read, added, changed, unchanged, currencies, dates.Count > 0 ? dates.Min() : null, dates.Count > 0 ? dates.Max() : null);
    }
}
