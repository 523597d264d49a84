using Keystone.Core.Common;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Kpis;

/// <summary>The database-backed KPI engine on each database: scopes, period buckets, access (KPIS.md).</summary>
public sealed class KpiQueryTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task The_KPIS_md_table_gives_retention_60_churn_40_GRR_48_and_NRR_58(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.RetentionAccountsAsync(owner);
        await data.RetentionTable("2011-01-15", "2011-02-15").ImportAsync();

        var results = await host.KpisAsync($"kam:{owner.Email}", "2011-01", "2011-02");

        Assert.Equal(["2011-01", "2011-02"], results.Select(r => r.Snapshot.Period.ToString()));
        var january = results[0].Snapshot;
        Assert.Equal((5, 0, 5, 0, 500m), (january.Active, january.Customers.Retained, january.Customers.New, january.Customers.Reactivated, january.NetRevenue));
        Assert.Null(january.RetentionRate);
        Assert.Null(january.Grr);
        var february = results[1].Snapshot;
        Assert.Equal((0.6m, 0.4m, 0.48m, 0.58m), (february.RetentionRate, february.LogoChurnRate, february.Grr, february.Nrr));
        Assert.Equal((4, 3, 1, 0, 2, 350m), (february.Active, february.Customers.Retained, february.Customers.New, february.Customers.Reactivated, february.Customers.Churned, february.NetRevenue));
        Assert.Equal("2011-02,4,3,1,0,0.6000,0.4000,0.4800,0.5800,350.00,0", KpiCsv.FormatRow(february));
        Assert.Null(results[1].UnattributedRevenue);
    }

    [Theory, AllDatabases]
    public async Task Quarters_and_years_bucket_the_months_and_tell_reactivated_from_new(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.RetentionAccountsAsync(owner);
        await data.AccountAsync(owner, "g");
        // g buys in Q3 2011, nothing in Q4, again in Q1 2012: reactivated by quarter, retained by year.
        await data.RetentionTable("2011-12-01", "2012-01-31").Line("g", "2011-08-10", 100).Line("g", "2012-02-10", 50).ImportAsync();

        var quarters = await host.KpisAsync($"kam:{owner.Email}", "2011-07", "2012-03", "quarter");
        var years = await host.KpisAsync($"kam:{owner.Email}", "2011-01", "2012-12", "year");

        Assert.Equal(["2011-Q3", "2011-Q4", "2012-Q1"], quarters.Select(r => r.Snapshot.Period.ToString()));
        var q1 = quarters[2].Snapshot;
        Assert.Equal((0.6m, 0.48m, 0.58m), (q1.RetentionRate, q1.Grr, q1.Nrr));
        Assert.Equal((5, 3, 1, 1, 400m), (q1.Active, q1.Customers.Retained, q1.Customers.New, q1.Customers.Reactivated, q1.NetRevenue));
        Assert.Equal("2012-Q1,5,3,1,1,0.6000,0.4000,0.4800,0.5800,400.00,0", KpiCsv.FormatRow(q1));

        Assert.Equal(["2011", "2012"], years.Select(r => r.Snapshot.Period.ToString()));
        var y2012 = years[1].Snapshot;
        // 2011: a..e and g at 100 each; 2012: a 100, b 150, c 40, d 0, e -20, f 80 (new), g 50.
        Assert.Equal((5, 4, 1, 0, 600m, 400m), (y2012.Active, y2012.Customers.Retained, y2012.Customers.New, y2012.Customers.Reactivated, y2012.PreviousNetRevenue, y2012.NetRevenue));
        Assert.Equal((4m / 6, 290m / 600, 340m / 600), (y2012.RetentionRate, y2012.Grr, y2012.Nrr));
        Assert.Equal("2012,5,4,1,0,0.6667,0.3333,0.4833,0.5667,400.00,0", KpiCsv.FormatRow(y2012));
    }

    [Theory, AllDatabases]
    public async Task An_account_tree_rolls_up_its_subsidiaries_at_every_depth(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var other = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        var group = await data.AccountAsync(owner, "group");
        var subsidiary = await data.AccountAsync(other, "subsidiary", group.Id);
        await data.AccountAsync(owner, "grandchild", subsidiary.Id);
        await data.AccountAsync(owner, "outsider");
        await data.Line("group", "2011-01-05", 100).Line("group", "2011-02-05", 100)
            .Line("subsidiary", "2011-01-05", 50)
            .Line("grandchild", "2011-02-05", 30)
            .Line("outsider", "2011-02-05", 999)
            .ImportAsync();

        var tree = (await host.KpisAsync($"account-tree:{group.Id}", "2011-02", "2011-02")).Single().Snapshot;
        var alone = (await host.KpisAsync($"account:{group.Id}", "2011-02", "2011-02")).Single().Snapshot;
        var branch = (await host.KpisAsync($"account-tree:{subsidiary.Id}", "2011-02", "2011-02")).Single().Snapshot;

        Assert.Equal((130m, 150m, 2, 1, 1, 1), (tree.NetRevenue, tree.PreviousNetRevenue, tree.Active, tree.Customers.Retained, tree.Customers.Churned, tree.Customers.New));
        Assert.Equal((0.5m, 100m / 150, 100m / 150), (tree.RetentionRate, tree.Grr, tree.Nrr));
        Assert.Equal((100m, 1, 1m), (alone.NetRevenue, alone.Active, alone.RetentionRate));
        Assert.Equal((30m, 50m, 0m), (branch.NetRevenue, branch.PreviousNetRevenue, branch.RetentionRate));
    }

    [Theory, AllDatabases]
    public async Task A_team_holds_the_accounts_of_a_senior_KAM_and_everyone_below_them(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var below = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: junior);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(senior, "s");
        await data.AccountAsync(junior, "j");
        await data.AccountAsync(below, "b");
        await data.AccountAsync(stranger, "x");
        await data.Line("s", "2011-03-01", 100).Line("j", "2011-03-01", 20).Line("b", "2011-03-01", 3).Line("x", "2011-03-01", 1000).ImportAsync();

        var asSenior = await host.ActorAsync(senior);
        var team = (await host.KpisAsync($"team:{senior.Email}", "2011-03", "2011-03", actor: asSenior)).Single().Snapshot;
        var kam = (await host.KpisAsync($"kam:{senior.Email}", "2011-03", "2011-03", actor: asSenior)).Single().Snapshot;
        var juniorTeam = (await host.KpisAsync($"team:{junior.Email.ToUpperInvariant()}", "2011-03", "2011-03", actor: asSenior)).Single().Snapshot;

        Assert.Equal((123m, 3, 3), (team.NetRevenue, team.Active, team.Customers.New));
        Assert.Equal((100m, 1), (kam.NetRevenue, kam.Active));
        Assert.Equal((23m, 2), (juniorTeam.NetRevenue, juniorTeam.Active));
    }

    [Theory, AllDatabases]
    public async Task The_company_figures_are_the_sum_over_its_accounts_and_unattributed_revenue_is_apart(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.RetentionAccountsAsync(owner);
        await data.AccountAsync(owner, "g");
        await data.RetentionTable("2013-04-10", "2013-05-10").Line("g", "2013-02-10", 70).Line("g", "2013-05-11", 10)
            .Line(null, "2013-05-12", 12.34m).ImportAsync();

        var company = (await host.KpisAsync("company", "2013-05", "2013-05")).Single();
        var accountIds = await host.AsSystemAsync((db, _) => db.InvoiceLines.Where(l => l.AccountId != null && l.InvoiceDate < new DateOnly(2013, 6, 1))
            .Select(l => l.AccountId!.Value).Distinct().ToListAsync());
        var sum = new CustomerRetention();
        var revenue = new RevenueRetention();
        decimal net = 0;
        foreach (var id in accountIds)
        {
            var one = (await host.KpisAsync($"account:{id}", "2013-05", "2013-05")).Single().Snapshot;
            sum += one.Customers;
            revenue += one.RevenueRetention;
            net += one.NetRevenue;
        }

        Assert.Equal(sum, company.Snapshot.Customers);
        Assert.Equal(revenue, company.Snapshot.RevenueRetention);
        Assert.Equal(net, company.Snapshot.NetRevenue);
        Assert.True(company.Snapshot.Customers.Reactivated >= 1, "g was active before April and comes back in May.");
        Assert.Equal(12.34m, company.UnattributedRevenue);
    }

    [Theory, AllDatabases]
    public async Task An_account_with_only_a_credit_note_is_not_active_and_its_revenue_is_negative(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "cn");
        await data.Line("cn", "2011-06-20", -20).ImportAsync();

        var june = (await host.KpisAsync($"kam:{owner.Email}", "2011-06", "2011-06")).Single().Snapshot;

        Assert.Equal((0, 0, 0, -20m), (june.Active, june.Customers.New, june.Customers.Start, june.NetRevenue));
        Assert.Null(june.RetentionRate);
        Assert.Null(june.LogoChurnRate);
        Assert.Null(june.Grr);
        Assert.Null(june.Nrr);
        Assert.Equal("2011-06,0,0,0,0,,,,,-20.00,0", KpiCsv.FormatRow(june));
    }

    [Theory, AllDatabases]
    public async Task An_invoice_at_23_59_in_a_zone_ahead_of_UTC_counts_in_its_local_month(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "tokyo");
        var tokyo = new RevenueOptions { ReportingCurrency = "EUR", ReportingTimeZone = "Asia/Tokyo" };
        // 23:59 on 31 March in Tokyo is 14:59 UTC, still March; 00:30 on 1 April in Tokyo is 15:30 UTC on 31 March, April in Tokyo.
        await data.Line("tokyo", "2024-03-31T23:59:00+09:00", 100).Line("tokyo", "2024-03-31 23:59", 10).Line("tokyo", "2024-03-31T15:30:00Z", 7)
            .ImportAsync(tokyo);

        var months = await host.KpisAsync($"kam:{owner.Email}", "2024-03", "2024-04");

        Assert.Equal((110m, 7m), (months[0].Snapshot.NetRevenue, months[1].Snapshot.NetRevenue));
    }

    [Theory, AllDatabases]
    public async Task Additional_offerings_count_first_purchases_of_a_category_or_product_by_accounts_active_before(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "x");
        await data.AccountAsync(owner, "y");
        await data
            .Line("x", "2011-01-10", 100, product: "support1")
            // Same category as support1: not additional. A product of its own: additional.
            .Line("x", "2011-02-10", 50, product: "support2")
            .Line("x", "2011-02-10", 30, product: "training", quantity: 3)
            // Bought and returned in the same month: a net quantity of 0 is not a purchase.
            .Line("x", "2011-02-11", 40, product: "licence")
            .Line("x", "2011-02-12", -40, product: "licence")
            // y is new in February: everything would be additional, so nothing counts.
            .Line("y", "2011-02-10", 30, product: "training")
            .Line("y", "2011-02-10", 30, product: "consulting")
            .ImportAsync();
        await host.AsSystemAsync(db => db.Products.Where(p => p.Code.StartsWith(data.Tag + "-support"))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Category, "Support")));

        var results = await host.KpisAsync($"kam:{owner.Email}", "2011-01", "2011-03");

        Assert.Equal([0, 1, 0], results.Select(r => r.Snapshot.AdditionalOfferings));
        // Gross margin needs a cost on every line; these have none.
        Assert.Null(results[1].Snapshot.GrossMargin.Value);
    }

    [Theory, AllDatabases]
    public async Task Gross_margin_sums_price_minus_cost_of_the_lines(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "m");
        await data.Line("m", "2011-01-10", 100, quantity: 2, cost: 30).Line("m", "2011-02-10", 90, quantity: 3, cost: 20).ImportAsync();

        var results = await host.KpisAsync($"kam:{owner.Email}", "2011-01", "2011-02");

        Assert.Equal((40m, 30m), (results[0].Snapshot.GrossMargin.Value, results[1].Snapshot.GrossMargin.Value));
        Assert.Equal(-0.25m, results[1].Snapshot.GrossMarginGrowth);
        Assert.Equal(-0.1m, results[1].Snapshot.RevenueGrowth);
    }

    [Theory, AllDatabases]
    public async Task A_junior_KAM_is_refused_the_company_and_a_stranger_and_does_not_find_a_foreign_account(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        var own = await data.AccountAsync(junior, "own");
        var foreign = await data.AccountAsync(stranger, "foreign");
        await data.Line("own", "2011-01-10", 10).Line("foreign", "2011-01-10", 20).ImportAsync();
        var actor = await host.ActorAsync(junior);

        var company = await Assert.ThrowsAsync<ForbiddenException>(() => host.KpisAsync("company", "2011-01", "2011-01", actor: actor));
        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => host.KpisAsync($"account:{foreign.Id}", "2011-01", "2011-01", actor: actor));
        var strangerKam = await Assert.ThrowsAsync<ForbiddenException>(() => host.KpisAsync($"kam:{stranger.Email}", "2011-01", "2011-01", actor: actor));
        var mine = await host.KpisAsync($"account:{own.Id}", "2011-01", "2011-01", actor: actor);
        var myPortfolio = await host.KpisAsync($"kam:{junior.Email}", "2011-01", "2011-01", actor: actor);

        Assert.Contains("whole company", company.Message, StringComparison.Ordinal);
        Assert.Contains(foreign.Id.ToString(), notFound.Message, StringComparison.Ordinal);
        Assert.Contains(stranger.Email, strangerKam.Message, StringComparison.Ordinal);
        Assert.Equal(10m, mine.Single().Snapshot.NetRevenue);
        Assert.Equal(10m, myPortfolio.Single().Snapshot.NetRevenue);
    }

    [Fact]
    public void Bad_input_names_each_field()
    {
        var error = Assert.Throws<ValidationException>(() => KpiRequest.Parse("accounts:1", "week", "2011-13", ""));

        Assert.Equal(["from", "period", "scope", "to"], error.Errors.Keys.Order());
        Assert.Throws<ValidationException>(() => KpiRequest.Parse("company", "month", "2011-05", "2011-04"));
        Assert.Throws<ValidationException>(() => KpiRequest.Parse("company", "month", "1990-01", "2030-12"));
        var request = KpiRequest.Parse("ACCOUNT-TREE:0190f3a2-7c4e-7d1a-9b8e-2f5c6d7e8f90", "Quarter", "2011-02", "2011");
        Assert.Equal((KpiScopeKind.AccountTree, Period.OfQuarter(2011, 1), Period.OfQuarter(2011, 4)), (request.Scope.Kind, request.From, request.To));
    }
}
