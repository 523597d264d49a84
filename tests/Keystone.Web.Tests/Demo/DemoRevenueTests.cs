using Keystone.Core.Accounts;
using Keystone.Core.Demo;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Demo;

public sealed class DemoRevenueTests(DemoPortfolioFixture fixture) : IClassFixture<DemoPortfolioFixture>
{
    [Theory, AllDatabases]
    public async Task Most_accounts_have_two_years_of_revenue_up_to_the_last_complete_month(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var (accounts, lines, products) = await host.AsSystemAsync(async (db, _) => (
            await db.Accounts.CountAsync(),
            await db.InvoiceLines.AsNoTracking().ToListAsync(),
            await db.Products.AsNoTracking().ToListAsync()));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        Assert.InRange(lines.Count, 3_000, 30_000);
        Assert.True(lines.Where(l => l.AccountId is not null).Select(l => l.AccountId).Distinct().Count() >= accounts * 3 / 4, "Most accounts have revenue.");
        Assert.True(lines.Where(l => l.AccountId is not null).Select(l => l.AccountId).Distinct().Count() < accounts, "A few accounts have bought nothing yet.");
        // The last complete month is the newest (the run may straddle a month's end, hence the month before too).
        Assert.InRange(lines.Max(l => l.InvoiceDate), thisMonth.AddMonths(-2), thisMonth.AddDays(-1));
        Assert.InRange(lines.Min(l => l.InvoiceDate), thisMonth.AddMonths(-DemoRevenue.Months - 1), thisMonth.AddMonths(-DemoRevenue.Months + 1));
        Assert.Contains(lines, l => l.Quantity < 0);
        Assert.Contains(lines, l => l.AccountId is null);
        Assert.Contains(lines, l => l.Currency != "EUR");
        Assert.All(lines, l =>
        {
            Assert.Equal("erp", l.Source);
            Assert.Equal(Math.Round(l.Quantity * l.UnitPrice * l.ExchangeRate, 4, MidpointRounding.AwayFromZero), l.Amount);
            Assert.Equal(ScaledMoney.ToE4(l.Amount), l.AmountE4);
            Assert.Equal(Math.Round(l.Quantity * l.UnitCost!.Value * l.ExchangeRate, 4, MidpointRounding.AwayFromZero), l.CostAmount);
            Assert.Equal(ScaledMoney.ToE4(l.CostAmount!.Value), l.CostAmountE4);
        });
        Assert.Equal(12, products.Count);
        Assert.Equal(4, products.Select(p => p.Category).Distinct().Count());
        Assert.All(products, p => Assert.False(p.CreatedByImport));
    }

    [Theory, AllDatabases]
    public async Task The_company_kpis_over_the_demo_are_defined_and_within_their_ranges(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var last = Period.OfMonth(today.Year, today.Month).Previous();
        var request = new KpiRequest(KpiScope.Company, PeriodGranularity.Month, last.Offset(-(DemoRevenue.Months - 2)), last);

        var results = await host.AsSystemAsync((db, _) => KpiQuery.HandleAsync(db, request));

        Assert.Equal(DemoRevenue.Months - 1, results.Count);
        Assert.All(results, r =>
        {
            var k = r.Snapshot;
            Assert.True(k.Active > 20, $"{k.Period}: {k.Active} active accounts.");
            Assert.True(k.NetRevenue > 0);
            Assert.InRange(k.RetentionRate!.Value, 0m, 1m);
            Assert.InRange(k.Grr!.Value, 0m, 1m);
            Assert.True(k.Nrr > 0);
            Assert.NotNull(k.GrossMargin.Value);
            Assert.True(k.GrossMargin.Value > 0);
        });
        // The portfolio changes: accounts leave, come back and are won, and buy offerings they had not bought.
        Assert.Contains(results, r => r.Snapshot.Customers.Churned > 0);
        Assert.Contains(results, r => r.Snapshot.Customers.Reactivated > 0);
        Assert.Contains(results, r => r.Snapshot.Customers.New > 0);
        Assert.True(results.Sum(r => r.Snapshot.AdditionalOfferings) > 0);
        Assert.Contains(results, r => r.UnattributedRevenue > 0);
    }

    [Fact]
    public void The_revenue_is_the_same_for_the_same_clock_and_only_its_dates_move_with_it()
    {
        var accounts = DemoDataTests.PlanAccounts();
        var first = new DateOnly(2024, 3, 1);
        var rates = DemoRevenue.PlanRates(first, "EUR");

        var once = DemoRevenue.Plan(accounts, first, rates, "EUR");
        var again = DemoRevenue.Plan(accounts, first, DemoRevenue.PlanRates(first, "EUR"), "EUR");
        var later = DemoRevenue.Plan(accounts, first.AddMonths(1), DemoRevenue.PlanRates(first.AddMonths(1), "EUR"), "EUR");

        Assert.Equal(once, again);
        Assert.Equal(once.Select(r => r with { Date = r.Date.AddMonths(1) }), later);
        Assert.Equal(DemoRevenue.WriteCsv(once), DemoRevenue.WriteCsv(again));
    }

    [Fact]
    public void Every_demo_rate_and_price_fits_what_an_import_accepts()
    {
        var accounts = DemoDataTests.PlanAccounts();
        var first = new DateOnly(2024, 3, 1);
        var rates = DemoRevenue.PlanRates(first, "EUR");

        Assert.All(rates, r => Assert.InRange(r.Rate, 0.000001m, 100m));
        Assert.All(rates, r => Assert.Equal(r.Rate, Math.Round(r.Rate, 10)));
        var rows = DemoRevenue.Plan(accounts, first, rates, "EUR");
        Assert.All(rows, r =>
        {
            Assert.True(r.Quantity != 0);
            Assert.True(r.UnitPrice > 0);
            Assert.Equal(r.UnitPrice, Math.Round(r.UnitPrice, 4));
            Assert.InRange(r.Invoice.Length, 1, RevenueLimits.InvoiceNumber);
        });
        // Lines are unique per invoice and line number, as the import keys them.
        Assert.Equal(rows.Count, rows.Select(r => (r.Invoice, r.Line)).Distinct().Count());

        // With another reporting currency, EUR becomes a currency with rates of its own.
        var usd = DemoRevenue.PlanRates(first, "USD");
        Assert.Contains(usd, r => r.Currency == "EUR" && r.ToCurrency == "USD");
        Assert.DoesNotContain(usd, r => r.Currency == "USD");
        Assert.NotEmpty(DemoRevenue.Plan(accounts, first, usd, "USD"));
        Assert.Empty(DemoRevenue.PlanRates(first, "INR"));
        Assert.All(DemoRevenue.Plan(accounts, first, [], "INR"), r => Assert.Equal("INR", r.Currency));
    }

    [Fact]
    public void Large_and_small_accounts_make_the_portfolio()
    {
        var accounts = DemoDataTests.PlanAccounts();
        var first = new DateOnly(2024, 3, 1);
        var rates = DemoRevenue.PlanRates(first, "EUR");
        var rows = DemoRevenue.Plan(accounts, first, rates, "EUR");
        var tiers = accounts.ToDictionary(a => DemoData.ErpId(a), a => a.Account.Tier);

        var byAccount = rows.Where(r => tiers.ContainsKey(r.Customer))
            .GroupBy(r => r.Customer)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity * r.UnitPrice * RateOf(rates, r)));
        var strategic = byAccount.Where(a => tiers[a.Key] == AccountTier.StrategicKeyAccount).Min(a => a.Value);
        var standard = byAccount.Where(a => tiers[a.Key] == AccountTier.Standard).Max(a => a.Value);

        Assert.True(strategic > 5 * standard, $"The smallest strategic account ({strategic:N0}) buys far more than the largest standard one ({standard:N0}).");
    }

    private static decimal RateOf(IReadOnlyList<ExchangeRate> rates, DemoRevenue.Row row) =>
        row.Currency == "EUR" ? 1m : rates.Where(r => r.Currency == row.Currency && r.Date <= row.Date).MaxBy(r => r.Date)!.Rate;
}
