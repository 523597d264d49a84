using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Kpis;

/// <summary>Gross margin from the line's own cost, else the product's standard cost for the line's date, in two currencies (KPIS.md, "Profitability").</summary>
public sealed class GrossMarginQueryTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task A_line_without_a_cost_takes_the_standard_cost_effective_on_its_date(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "m");
        await data
            .Line("m", "2011-01-10", 100, product: "W", quantity: 2, cost: 30)   // own cost: 100 − 2 × 30 = 40
            .Line("m", "2011-01-20", 50, product: "W", quantity: 5)              // standard 4 from January: 50 − 5 × 4 = 30
            .Line("m", "2011-02-10", 90, product: "W", quantity: 3)              // standard 5 from February: 90 − 3 × 5 = 75
            .Line("m", "2011-02-15", -30, product: "W", quantity: 1)             // a credit note of one unit at 30: −30 − (−1 × 5) = −25
            .Line("m", "2011-03-10", 20, product: "X")                           // X has no standard cost at all
            .ImportAsync();
        await data.StandardCostAsync("W", "2011-01-01", 4m);
        await data.StandardCostAsync("W", "2011-02-01", 5m);
        // A cost effective only later never reaches back, and a cost in another currency is not the line's.
        await data.StandardCostAsync("X", "2011-04-01", 1m);
        await data.StandardCostAsync("X", "2011-01-01", 1m, "USD");

        var months = await host.KpisAsync($"kam:{owner.Email}", "2011-01", "2011-03");

        Assert.Equal(70m, months[0].Snapshot.GrossMargin.Value);
        Assert.Equal(50m, months[1].Snapshot.GrossMargin.Value);
        Assert.Equal(-20m / 70m, months[1].Snapshot.GrossMarginGrowth);
        Assert.Null(months[2].Snapshot.GrossMargin.Value);
        Assert.Equal(1, months[2].Snapshot.GrossMargin.UncostedLines);
        Assert.Null(months[2].Snapshot.GrossMarginGrowth);
    }

    [Theory, AllDatabases]
    public async Task Two_currencies_convert_revenue_and_standard_cost_at_the_rate_of_the_invoice_date(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "x");
        await LoadRatesAsync(host, "2011-03-01,USD,0.8", "2011-03-20,USD,0.5");
        await data
            .Line("x", "2011-03-05", 100, product: "E", cost: 30)                   // EUR: 100 − 30 = 70
            .Line("x", "2011-03-06", 50, product: "U", quantity: 2, currency: "USD") // 50 USD × 0.8 = 40 EUR; standard 10 USD × 2 × 0.8 = 16 EUR
            .Line("x", "2011-03-25", 10, product: "U", currency: "USD")             // 10 USD × 0.5 = 5 EUR; standard 10 USD × 0.5 = 5 EUR
            .ImportAsync();
        await data.StandardCostAsync("U", "2011-01-01", 10m, "USD");

        var march = (await host.KpisAsync($"kam:{owner.Email}", "2011-03", "2011-03")).Single().Snapshot;

        Assert.Equal(145m, march.NetRevenue);
        Assert.Equal(70m + 24m + 0m, march.GrossMargin.Value);
    }
}
