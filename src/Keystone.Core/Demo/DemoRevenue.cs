using System.Globalization;
using System.Text;
using Bogus;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Demo;

/// <summary>A product of the demo catalogue, with its list price and standard cost in EUR.</summary>
/// <param name="BaseQuantity">A mid-sized customer's usual monthly quantity; 0 for a one-off sale.</param>
internal sealed record DemoProduct(string Code, string Name, string Category, string Unit, decimal PriceEur, decimal CostEur, int BaseQuantity);

/// <summary>
/// Two years of ERP revenue for the demo portfolio: a catalogue of twelve products in four offerings,
/// monthly exchange rates to EUR, and invoice lines up to the last complete month, imported through
/// <see cref="ImportInvoices"/> so that every amount, rate and date is what a real import would store.
/// </summary>
/// <remarks>
/// The portfolio has a few large groups and many small customers; some grow, some shrink, two
/// leave, one comes back, a few are new, a few have bought nothing yet, and several take up an
/// offering they did not buy before. Every choice is drawn from a seeded randomizer by month
/// number, so only the dates depend on the clock.
/// </remarks>
internal static class DemoRevenue
{
    public const int Months = 24;
    public const string InvoicePrefix = "DEMO-";

    private const int Seed = 9_311;

    public static IReadOnlyList<DemoProduct> Catalogue { get; } =
    [
        new("EQ-100", "Compact press KP 100", "Equipment", "pcs", 48_000m, 31_000m, 0),
        new("EQ-200", "Production line module PL 200", "Equipment", "pcs", 125_000m, 84_000m, 0),
        new("EQ-300", "Inspection cell IC 300", "Equipment", "pcs", 36_000m, 22_500m, 0),
        new("CS-110", "Tooling kit", "Consumables", "kit", 1_250m, 610m, 4),
        new("CS-120", "Spare parts pack", "Consumables", "pack", 480m, 215m, 10),
        new("CS-130", "Filter set", "Consumables", "set", 95m, 38m, 30),
        new("SV-210", "Preventive maintenance contract", "Services", "month", 2_400m, 1_380m, 2),
        new("SV-220", "Field service", "Services", "h", 145m, 82m, 20),
        new("SV-230", "Operator training", "Services", "day", 1_600m, 720m, 0),
        new("SW-310", "Keyline Monitor licence", "Software", "licence", 390m, 45m, 25),
        new("SW-320", "Predictive maintenance analytics", "Software", "module", 1_150m, 160m, 3),
        new("SW-330", "ERP integration", "Software", "project", 9_500m, 5_200m, 0),
    ];

    /// <summary>The value of one unit in EUR at the start of the two years; the rates drift from there.</summary>
    private static readonly (string Currency, decimal Eur)[] BaseRates =
    [
        ("USD", 0.92m), ("GBP", 1.17m), ("JPY", 0.0062m), ("MXN", 0.051m), ("CAD", 0.68m), ("AUD", 0.61m),
        ("SGD", 0.69m), ("CHF", 1.04m), ("SEK", 0.088m), ("NOK", 0.086m), ("PLN", 0.23m), ("BRL", 0.17m),
    ];

    /// <summary>Customers in the ERP that no account carries: the unattributed revenue of the KPIs and the unmatched-customer review.</summary>
    private static readonly (string Id, string Name, string Country)[] UnknownCustomers =
    [
        ("C99901", "Harbour Line Trading Ltd", "GB"),
        ("C99902", "Ostara Werkzeugbau GmbH", "DE"),
    ];

    private const string Header = "Invoice,Line,Date,Customer,Customer name,Country,Product,Product name,Quantity,Unit price,Unit cost,Currency";

    public static InvoiceColumns Columns { get; } = InvoiceColumns.Parse(
        "invoice=Invoice,line=Line,date=Date,customer=Customer,customer_name=Customer name,country=Country,product=Product,"
        + "product_name=Product name,quantity=Quantity,unit_price=Unit price,unit_cost=Unit cost,currency=Currency");

    /// <summary>The months of the demo revenue: the <see cref="Months"/> months up to the last complete one before <paramref name="today"/>.</summary>
    public static DateOnly FirstMonth(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddMonths(-Months);

    /// <summary>Whether demo revenue was imported before: lines with the demo's invoice numbers exist.</summary>
    public static Task<bool> ExistAsync(KeystoneDbContext db, CancellationToken ct) =>
        db.InvoiceLines.IgnoreQueryFilters().AnyAsync(l => l.InvoiceNumber.StartsWith(InvoicePrefix), ct);

    /// <summary>Adds the products, costs and rates that are missing, then imports the invoice lines in the import's own transaction.</summary>
    public static async Task<InvoiceImportResult> AddAsync(
        KeystoneDbContext db, IDatabaseProvider provider, RevenueOptions options, IReadOnlyList<DemoAccount> accounts, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(db.Clock.GetUtcNow(), options.TimeZone).DateTime);
        var first = FirstMonth(today);
        var rates = PlanRates(first, options.ReportingCurrency);
        await AddCatalogueAsync(db, first, options.ReportingCurrency, ct);
        await AddRatesAsync(db, rates, ct);

        var csv = WriteCsv(Plan(accounts, first, rates, options.ReportingCurrency));
        using var file = new MemoryStream(csv);
        var result = await ImportInvoices.HandleAsync(db, provider, options, new InvoiceImportRequest
        {
            Source = DemoAccounts.ErpSource,
            Columns = Columns,
            DecimalSeparator = DecimalSeparator.Point,
            DateOrder = DateOrder.DayFirst,
        }, file, $"demo-invoices-{today:yyyy-MM}.csv", ct: ct);
        if (result.Status != ImportStatus.Completed || result.Rejected > 0)
        {
            throw new InvalidOperationException(
                $"The demo revenue was not imported: {string.Join(" ", result.FirstProblems.Select(p => p.ToString()))}");
        }
        return result;
    }

    /// <summary>
    /// One rate a month per currency, on the 1st, from the month before the data to the current one.
    /// Each currency walks against EUR; a rate to another reporting currency is the cross rate.
    /// </summary>
    public static IReadOnlyList<ExchangeRate> PlanRates(DateOnly firstMonth, string reportingCurrency)
    {
        var random = new Randomizer(Seed + 1);
        var walks = new Dictionary<string, decimal[]>(StringComparer.Ordinal) { ["EUR"] = [.. Enumerable.Repeat(1m, Months + 2)] };
        foreach (var (currency, eur) in BaseRates)
        {
            var walk = new decimal[Months + 2];
            var rate = eur;
            for (var m = 0; m < walk.Length; m++)
            {
                // A random walk of up to ±2 % a month.
                rate *= 1m + ((decimal)random.Double() - 0.5m) * 0.04m;
                walk[m] = rate;
            }
            walks[currency] = walk;
        }
        if (!walks.TryGetValue(reportingCurrency, out var reporting))
        {
            // A reporting currency the demo does not know: every demo invoice is written in it (see Plan).
            return [];
        }
        var rates = new List<ExchangeRate>();
        foreach (var (currency, walk) in walks.Where(w => w.Key != reportingCurrency))
        {
            for (var m = 0; m < walk.Length; m++)
            {
                var rate = walk[m] / reporting[m];
                // Six significant digits, as published rates have.
                var digits = Math.Clamp(5 - (int)Math.Floor(Math.Log10((double)rate)), 0, 10);
                rates.Add(new ExchangeRate
                {
                    Currency = currency,
                    ToCurrency = reportingCurrency,
                    Date = firstMonth.AddMonths(m - 1),
                    Rate = Math.Round(rate, digits, MidpointRounding.AwayFromZero),
                });
            }
        }
        return rates;
    }

    /// <summary>An invoice line as the ERP exports it.</summary>
    internal sealed record Row(
        string Invoice, int Line, DateOnly Date, string Customer, string CustomerName, string? Country,
        DemoProduct Product, decimal Quantity, decimal UnitPrice, decimal UnitCost, string Currency);

    /// <summary>What kind of customer an account is over the two years.</summary>
    private sealed record Profile(decimal Scale, decimal Trend, int StartMonth, int EndMonth, (int From, int To)? Gap, string[] Offerings, (int Month, string Offering)? CrossSell);

    /// <summary>The invoice lines of the demo, in invoice order.</summary>
    public static IReadOnlyList<Row> Plan(IReadOnlyList<DemoAccount> accounts, DateOnly firstMonth, IReadOnlyList<ExchangeRate> rates, string reportingCurrency)
    {
        var random = new Randomizer(Seed);
        var rows = new List<Row>();
        var profiles = Profiles(accounts, random);
        var invoice = 100_000;
        var creditNote = 500_000;
        for (var m = 0; m < Months; m++)
        {
            var month = firstMonth.AddMonths(m);
            for (var i = 0; i < accounts.Count; i++)
            {
                var demo = accounts[i];
                var profile = profiles[i];
                // Drawn for every account and month, active or not, so that one account's shape does not move another's.
                var day = random.Number(1, 28);
                var noise = 0.85m + (decimal)random.Double() * 0.3m;
                var draws = Enumerable.Range(0, 8).Select(_ => random.Double()).ToArray();
                if (profile is null || m < profile.StartMonth || m > profile.EndMonth || (profile.Gap is { } gap && m >= gap.From && m <= gap.To))
                {
                    continue;
                }
                var offerings = profile.CrossSell is { } cross && m >= cross.Month ? [.. profile.Offerings, cross.Offering] : profile.Offerings;
                var size = profile.Scale * Pow(profile.Trend, m) * noise;
                var date = month.AddDays(day - 1);
                var number = $"{InvoicePrefix}{++invoice}";
                var line = 0;
                var currency = Invoiced(demo.Account.Currency, rates, reportingCurrency);
                var rate = RateOn(rates, currency, date, reportingCurrency);
                var d = 0;
                foreach (var product in Catalogue.Where(p => offerings.Contains(p.Category) && p.BaseQuantity > 0))
                {
                    var quantity = Math.Round(product.BaseQuantity * size * (0.6m + (decimal)draws[d++ % draws.Length] * 0.8m), 0, MidpointRounding.AwayFromZero);
                    if (quantity >= 1)
                    {
                        rows.Add(NewRow(number, ++line, date, demo, product, quantity, currency, rate));
                    }
                }
                // One-off sales: a machine now and then to the larger customers, training and integration with new software.
                if (offerings.Contains("Equipment") && draws[6] < (double)Math.Min(0.5m, profile.Scale * 0.06m))
                {
                    rows.Add(NewRow(number, ++line, date, demo, Catalogue[(int)(draws[7] * 3)], 1, currency, rate));
                }
                if (profile.CrossSell is { } started && m == started.Month)
                {
                    var oneOff = started.Offering == "Software" ? Product("SW-330") : Product("SV-230");
                    rows.Add(NewRow(number, ++line, date, demo, oneOff, 1, currency, rate));
                }
                if (line == 0)
                {
                    rows.Add(NewRow(number, ++line, date, demo, Product("CS-130"), 5, currency, rate));
                }
                // A credit note for part of the invoice, as returns and price corrections come.
                if (draws[5] < 0.05)
                {
                    var credited = rows[^line];
                    var quantity = -Math.Max(1, Math.Round(credited.Quantity / 4, 0, MidpointRounding.AwayFromZero));
                    rows.Add(credited with { Invoice = $"{InvoicePrefix}CN{++creditNote}", Line = 1, Date = date.AddDays((int)(draws[4] * (28 - day))), Quantity = quantity });
                }
            }
            // Revenue from customers no account carries, in the last half year.
            if (m >= Months - 6)
            {
                foreach (var (id, name, country) in UnknownCustomers)
                {
                    var product = random.ArrayElement(Catalogue.Where(p => p.BaseQuantity > 0).ToArray());
                    var date = month.AddDays(random.Number(0, 27));
                    var currency = Invoiced(DemoCountries.Get(country).Currency, rates, reportingCurrency);
                    var rate = RateOn(rates, currency, date, reportingCurrency);
                    rows.Add(NewRow($"{InvoicePrefix}{++invoice}", 1, date, id, name, country, product, random.Number(1, product.BaseQuantity), currency, rate));
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// The shape of each account's revenue; null for the few that have bought nothing yet. Groups and
    /// their larger subsidiaries are the large customers; most of the rest are small.
    /// </summary>
    private static Profile?[] Profiles(IReadOnlyList<DemoAccount> accounts, Randomizer random)
    {
        var profiles = new Profile?[accounts.Count];
        string[] offerings = ["Equipment", "Consumables", "Services", "Software"];
        for (var i = 0; i < accounts.Count; i++)
        {
            var tier = accounts[i].Account.Tier;
            var scale = tier switch
            {
                AccountTier.StrategicKeyAccount => 6m + (decimal)random.Double() * 4m,
                AccountTier.KeyAccount => 2m + (decimal)random.Double() * 2m,
                AccountTier.Managed => 0.6m + (decimal)random.Double() * 0.8m,
                _ => 0.2m + (decimal)random.Double() * 0.4m,
            };
            // From −2 % to +3 % a month: most grow a little, some shrink.
            var trend = 0.98m + (decimal)random.Double() * 0.05m;
            var bought = tier is AccountTier.StrategicKeyAccount or AccountTier.KeyAccount
                ? offerings[..3]
                : random.Bool(0.5f) ? ["Consumables", "Services"] : ["Consumables"];
            var missing = offerings.Except(bought).ToArray();
            (int, string)? crossSell = random.Bool(0.4f) ? (random.Number(4, Months - 2), random.ArrayElement(missing)) : null;
            profiles[i] = new Profile(scale, trend, 0, Months - 1, null, bought, crossSell);
        }

        // The standalone customers (after the groups) are where the portfolio changes.
        var standalone = Enumerable.Range(0, accounts.Count).Where(i => !accounts[i].IsSubsidiary && accounts[i].Account.ParentAccountId is null).ToList();
        var small = standalone.Where(i => accounts[i].Account.Tier is AccountTier.Standard or AccountTier.Managed).ToList();
        var picks = random.Shuffle(small).ToList();
        // Two prospects that have not bought yet.
        profiles[picks[0]] = null;
        profiles[picks[1]] = null;
        // Two that left: their last invoices were a while ago.
        profiles[picks[2]] = profiles[picks[2]]! with { EndMonth = 13, Trend = 0.95m };
        profiles[picks[3]] = profiles[picks[3]]! with { EndMonth = 18, Trend = 0.96m };
        // One that stopped for half a year and came back.
        profiles[picks[4]] = profiles[picks[4]]! with { Gap = (9, 14) };
        // Three new customers, won during the two years.
        profiles[picks[5]] = profiles[picks[5]]! with { StartMonth = 8 };
        profiles[picks[6]] = profiles[picks[6]]! with { StartMonth = 15, Trend = 1.04m };
        profiles[picks[7]] = profiles[picks[7]]! with { StartMonth = 20 };
        // One that is shrinking fast.
        profiles[picks[8]] = profiles[picks[8]]! with { Trend = 0.93m };
        return profiles;
    }

    private static Row NewRow(string invoice, int line, DateOnly date, DemoAccount demo, DemoProduct product, decimal quantity, string currency, decimal rate) =>
        NewRow(invoice, line, date, demo.Account.ExternalIds.Single(x => x.Source == DemoAccounts.ErpSource).ExternalId,
            demo.Account.LegalName ?? demo.Account.Name, demo.Account.Country, product, quantity, currency, rate);

    /// <summary>Prices and costs are the EUR list in the invoice's currency at the month's rate, to its minor unit.</summary>
    private static Row NewRow(string invoice, int line, DateOnly date, string customer, string name, string? country, DemoProduct product, decimal quantity, string currency, decimal rate)
    {
        var decimals = currency == "JPY" ? 0 : 2;
        return new Row(invoice, line, date, customer, name, country, product, quantity,
            Math.Round(product.PriceEur / rate, decimals, MidpointRounding.AwayFromZero),
            Math.Round(product.CostEur / rate, decimals, MidpointRounding.AwayFromZero),
            currency);
    }

    /// <summary>Customers are invoiced in their own currency when there is a rate for it, else in the reporting currency.</summary>
    private static string Invoiced(string? currency, IReadOnlyList<ExchangeRate> rates, string reportingCurrency) =>
        currency is not null && rates.Any(r => r.Currency == currency) ? currency : reportingCurrency;

    private static DemoProduct Product(string code) => Catalogue.Single(p => p.Code == code);

    private static decimal RateOn(IReadOnlyList<ExchangeRate> rates, string currency, DateOnly date, string reportingCurrency) =>
        currency == reportingCurrency ? 1m : rates.Where(r => r.Currency == currency && r.Date <= date).MaxBy(r => r.Date)!.Rate;

    private static decimal Pow(decimal value, int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= value;
        }
        return result;
    }

    public static byte[] WriteCsv(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder(rows.Count * 120);
        text.Append(Header).Append('\n');
        foreach (var r in rows)
        {
            text.Append(r.Invoice).Append(',')
                .Append(r.Line.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Customer).Append(',')
                .Append(Quote(r.CustomerName)).Append(',')
                .Append(r.Country).Append(',')
                .Append(r.Product.Code).Append(',')
                .Append(Quote(r.Product.Name)).Append(',')
                .Append(r.Quantity.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.UnitPrice.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.UnitCost.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Currency).Append('\n');
        }
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static string Quote(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;

    private const string DemoPriceList = "List prices EUR";

    /// <summary>The catalogue's products, standard costs and list prices that are not there yet; products are matched by code.</summary>
    private static async Task AddCatalogueAsync(KeystoneDbContext db, DateOnly firstMonth, string reportingCurrency, CancellationToken ct)
    {
        var codes = Catalogue.Select(p => p.Code).ToList();
        var existing = await db.Products.Where(p => codes.Contains(p.Code)).Select(p => p.Code).ToListAsync(ct);
        var listPrices = await db.PriceLists.FirstOrDefaultAsync(l => l.Name == DemoPriceList, ct);
        if (listPrices is null)
        {
            listPrices = new PriceList { Name = DemoPriceList, Currency = "EUR" };
            db.PriceLists.Add(listPrices);
        }
        foreach (var demo in Catalogue.Where(p => !existing.Contains(p.Code)))
        {
            var product = new Product { Code = demo.Code, Name = demo.Name, Category = demo.Category, Unit = demo.Unit, CreatedAt = db.Clock.GetUtcNow() };
            db.Products.Add(product);
            db.ProductCosts.Add(new ProductCost
            {
                ProductId = product.Id,
                EffectiveFrom = firstMonth.AddMonths(-1),
                Currency = reportingCurrency,
                UnitCost = demo.CostEur,
            });
            db.ProductPrices.Add(new ProductPrice { PriceListId = listPrices.Id, ProductId = product.Id, EffectiveFrom = firstMonth.AddMonths(-1), UnitPrice = demo.PriceEur });
        }
        // Products and standard costs feed the margins; the import that follows counts up again for its lines.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await Kpis.RevenueRevision.BumpAsync(db, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Adds the rates that are not there yet: rates someone loaded for the same days are kept.</summary>
    private static async Task AddRatesAsync(KeystoneDbContext db, IReadOnlyList<ExchangeRate> rates, CancellationToken ct)
    {
        if (rates.Count == 0)
        {
            return;
        }
        var to = rates[0].ToCurrency;
        var from = rates.Min(r => r.Date);
        var existing = (await db.ExchangeRates.AsNoTracking().Where(r => r.ToCurrency == to && r.Date >= from)
            .Select(r => new { r.Currency, r.Date }).ToListAsync(ct))
            .Select(r => (r.Currency, r.Date)).ToHashSet();
        db.ExchangeRates.AddRange(rates.Where(r => !existing.Contains((r.Currency, r.Date))));
        await db.SaveChangesAsync(ct);
    }
}
