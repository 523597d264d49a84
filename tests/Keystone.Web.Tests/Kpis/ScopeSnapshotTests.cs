using System.Text.Json;
using Keystone.Core.Accounts;
using Keystone.Core.Kpis;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Kpis;

/// <summary>
/// KAMs' and teams' stored KPI figures (ADR 0016): keyed by the set of accounts they were computed from
/// and the revenue revision, shared by everyone who asks for that set, computed again when the set or
/// the revision changes, and always equal to what the engine computes.
/// </summary>
public sealed class ScopeSnapshotTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task A_kams_stored_figures_answer_everyone_who_may_see_them_until_an_import_changes_the_revision(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam, senior);
        var data = new KpiTestData(host);
        await data.AccountAsync(kam, "s");
        await data.Line("s", "2014-01-10", 100).Line("s", "2014-02-10", 120).ImportAsync();
        var scope = $"kam:{kam.Email}";

        var first = await host.KpisAsync(scope, "2014-01", "2014-02", actor: await host.ActorAsync(kam));
        Assert.Equal(120m, first[1].Snapshot.NetRevenue);
        Assert.Equal(2, await StoredAsync(host, await host.RevenueRevisionAsync()));

        // The stored row answers, whoever asks: the KAM, their manager, the system.
        await TamperAsync(host, "2014-02-01", 987654.32m);
        foreach (var actor in new[] { await host.ActorAsync(kam), await host.ActorAsync(senior), null })
        {
            var stored = await host.KpisAsync(scope, "2014-01", "2014-02", actor: actor);
            Assert.Equal(987654.32m, stored[1].Snapshot.NetRevenue);
            Assert.Equal(Json(first[0]), Json(stored[0]));
        }
        // The same set of accounts asked for as a team (the KAM manages nobody): the same stored figures.
        Assert.Equal(987654.32m, (await host.KpisAsync($"team:{kam.Email}", "2014-02", "2014-02")).Single().Snapshot.NetRevenue);

        // An import counts the revision up: computed again, with the new line, equal to the engine.
        await data.Line("s", "2014-02-20", 5).ImportAsync();
        var after = await host.KpisAsync(scope, "2014-01", "2014-02");
        Assert.Equal(125m, after[1].Snapshot.NetRevenue);
        Assert.Equal(Json(await host.UncachedKpisAsync(scope, "2014-01", "2014-02")), Json(after));
    }

    [Theory, AllDatabases]
    public async Task Moving_an_account_to_another_kam_computes_both_kams_figures_again_without_an_import(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var from = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var to = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        var moving = await data.AccountAsync(from, "m");
        await data.AccountAsync(from, "k");
        await data.AccountAsync(to, "t");
        await data.Line("m", "2015-03-10", 40).Line("k", "2015-03-11", 2).Line("t", "2015-03-12", 300).ImportAsync();
        var revision = await host.RevenueRevisionAsync();

        Assert.Equal(42m, (await host.KpisAsync($"kam:{from.Email}", "2015-03", "2015-03")).Single().Snapshot.NetRevenue);
        Assert.Equal(300m, (await host.KpisAsync($"kam:{to.Email}", "2015-03", "2015-03")).Single().Snapshot.NetRevenue);

        await host.AsSystemAsync((db, _) => UpdateAccount.HandleAsync(db, moving.Id, null, new AccountInput { OwnerId = to.Id }));

        Assert.Equal(revision, await host.RevenueRevisionAsync());
        var losing = (await host.KpisAsync($"kam:{from.Email}", "2015-03", "2015-03")).Single();
        var gaining = (await host.KpisAsync($"kam:{to.Email}", "2015-03", "2015-03")).Single();
        Assert.Equal((2m, 1), (losing.Snapshot.NetRevenue, losing.Snapshot.Active));
        Assert.Equal((340m, 2), (gaining.Snapshot.NetRevenue, gaining.Snapshot.Active));
        Assert.Equal(Json(await host.UncachedKpisAsync($"kam:{to.Email}", "2015-03", "2015-03")), Json<KpiPeriodResult[]>([gaining]));
    }

    [Theory, AllDatabases]
    public async Task A_kam_joining_a_team_computes_the_teams_figures_again(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var head = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var member = await host.CreateUserAsync(KeystoneRole.JuniorKam, head);
        var joining = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(head, "h");
        await data.AccountAsync(member, "m");
        await data.AccountAsync(joining, "j");
        await data.Line("h", "2016-05-01", 1).Line("m", "2016-05-02", 10).Line("j", "2016-05-03", 100).ImportAsync();
        var team = $"team:{head.Email}";

        Assert.Equal(11m, (await host.KpisAsync(team, "2016-05", "2016-05")).Single().Snapshot.NetRevenue);

        await host.AsSystemAsync((db, services) => SaveUser.UpdateAsync(
            db, services.GetRequiredService<UserManager<KeystoneUser>>(), joining.Id, null, new UserInput { Manager = head.Id.ToString() }));

        var grown = (await host.KpisAsync(team, "2016-05", "2016-05")).Single();
        Assert.Equal((111m, 3), (grown.Snapshot.NetRevenue, grown.Snapshot.Active));
        // The head of the team asks for it as they see it: the same figures.
        Assert.Equal(Json(grown), Json((await host.KpisAsync(team, "2016-05", "2016-05", actor: await host.ActorAsync(head))).Single()));
    }

    [Theory, AllDatabases]
    public async Task Stored_figures_equal_the_engine_by_month_quarter_and_year_and_older_revisions_are_pruned_when_new_ones_are_stored(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.RetentionAccountsAsync(owner);
        await data.AccountAsync(owner, "g");
        await data.RetentionTable("2017-04-10", "2017-05-10")
            .Line("g", "2017-02-10", 70, product: "W", quantity: 4)
            .Line("g", "2017-05-11", 10, product: "W", quantity: 1, cost: 2.5m)
            .Line("g", "2017-08-11", -7.35m, product: "W", quantity: 1)
            .Line("g", "2017-09-11", 3, product: "Z")
            .ImportAsync();
        await data.StandardCostAsync("W", "2017-01-01", 1.1234m);
        var scope = $"kam:{owner.Email}";

        foreach (var (period, from, to) in new[] { ("month", "2017-01", "2018-02"), ("quarter", "2017-01", "2018-03"), ("year", "2016", "2018") })
        {
            var engine = await host.UncachedKpisAsync(scope, from, to, period);
            var cold = await host.KpisAsync(scope, from, to, period);
            var warm = await host.KpisAsync(scope, from, to, period);
            Assert.Equal(Json(engine), Json(cold));
            Assert.Equal(Json(engine), Json(warm));
        }
        var revision = await host.RevenueRevisionAsync();
        Assert.Equal(14 + 5 + 3, await StoredAsync(host, revision));

        // After a write the stored figures are of an older revision: the next figures stored delete them,
        // even with no refresh running (here a quarter the KAM did not ask for before).
        await data.Line("g", "2017-10-01", 1).ImportAsync();
        await host.KpisAsync(scope, "2019-01", "2019-03", "quarter");
        Assert.Equal(0, await host.AsSystemAsync((db, _) => db.Set<ScopeKpiSnapshot>().CountAsync(s => s.Revision <= revision && s.Start < Before)));
        // And so does the refresh.
        await host.KpisAsync(scope, "2017-01", "2017-02");
        await data.Line("g", "2017-10-02", 1).ImportAsync();
        await host.AsSystemAsync((db, _) => ScopeSnapshots.RefreshKamsAsync(db, TimeZoneInfo.Utc));
        Assert.Equal(0, await host.AsSystemAsync((db, _) => db.Set<ScopeKpiSnapshot>().CountAsync(s => s.Revision < revision + 2 && s.Start < Before)));
    }

    [Theory, AllDatabases]
    public async Task A_team_of_every_account_reads_the_companys_stored_figures_without_the_unattributed_revenue(DatabaseKind kind)
    {
        await using var host = await KeystoneHost.StartAsync(kind);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam, head);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, senior);
        var data = new KpiTestData(host);
        await data.AccountAsync(senior, "a");
        await data.AccountAsync(junior, "b");
        await data.Line("a", "2019-01-10", 100).Line("b", "2019-02-10", 50).Line("a", "2019-02-11", 80).Line(null, "2019-02-12", 7).ImportAsync();
        var team = $"team:{head.Email}";

        // The engine: the team of every account is the company less its unattributed revenue.
        var engine = await host.UncachedKpisAsync(team, "2019-01", "2019-02");
        var company = await host.KpisAsync("company", "2019-01", "2019-02");
        Assert.Equal(Json(company.Select(r => r with { UnattributedRevenue = null })), Json(engine));
        Assert.Equal(7m, company[1].UnattributedRevenue);

        // With the company's figures stored, the team reads them (here altered behind the engine's back) and stores them as its own.
        await host.TamperCompanyAsync(PeriodGranularity.Month, "2019-02-01", 4242m);
        var read = await host.KpisAsync(team, "2019-01", "2019-02", actor: await host.ActorAsync(head));
        Assert.Equal((4242m, (decimal?)null), (read[1].Snapshot.NetRevenue, read[1].UnattributedRevenue));
        Assert.Equal(Json(engine[0]), Json(read[0]));
        var revision = await host.RevenueRevisionAsync();
        Assert.Equal(2, await host.AsSystemAsync((db, _) => db.Set<ScopeKpiSnapshot>().CountAsync(s => s.Revision == revision && s.Start < new DateOnly(2020, 1, 1))));

        // The senior's team lacks no account either: the same. The junior's is another set, computed.
        Assert.Equal(4242m, (await host.KpisAsync($"team:{senior.Email}", "2019-02", "2019-02")).Single().Snapshot.NetRevenue);
        Assert.Equal(0m, (await host.KpisAsync($"team:{junior.Email}", "2019-02", "2019-02")).Single().Snapshot.NetRevenue - 50m);
    }

    [Theory, AllDatabases]
    public async Task The_refresh_stores_every_kams_scorecard_for_their_current_accounts(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var first = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var second = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var data = new KpiTestData(host);
        var moving = await data.AccountAsync(first, "r1");
        await data.AccountAsync(first, "r3");
        await data.AccountAsync(second, "r2");
        await data.Line("r1", "2018-01-10", 10).Line("r2", "2018-01-11", 20).Line("r3", "2018-01-12", 30).ImportAsync();
        await host.AsSystemAsync((db, _) => UpdateAccount.HandleAsync(db, moving.Id, null, new AccountInput { OwnerId = second.Id }));

        await host.AsSystemAsync(async (db, _) =>
        {
            await ScopeSnapshots.RefreshKamsAsync(db, TimeZoneInfo.Utc);
            var revision = await RevenueRevision.ReadAsync(db);
            var last = KpiInput.LastWhole(db.Clock, TimeZoneInfo.Utc, PeriodGranularity.Month);
            var months = Period.Range(last.Offset(-(KpiDashboard.Periods - 1)), last);
            foreach (var kam in new[] { first, second })
            {
                var set = ScopeSnapshots.AccountSetKey(await db.Accounts.Where(a => a.OwnerId == kam.Id).Select(a => a.Id).ToListAsync());
                Assert.NotNull(await ScopeSnapshots.ReadAsync(db, set, PeriodGranularity.Month, months, revision));
            }
            // Up to date: nothing left to compute.
            Assert.Equal(0, await ScopeSnapshots.RefreshKamsAsync(db, TimeZoneInfo.Utc));
            return 0;
        });
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>
    /// How many periods before 2019 are stored at <paramref name="revision"/> (each test's accounts make a set
    /// of their own; the background refresh stores only the last 24 months, never these).
    /// </summary>
    private static Task<int> StoredAsync(KeystoneHost host, long revision) =>
        host.AsSystemAsync((db, _) => db.Set<ScopeKpiSnapshot>().CountAsync(s => s.Revision == revision && s.Start < Before));

    private static readonly DateOnly Before = new(2019, 1, 1);

    /// <summary>Changes the stored net revenue of the period starting <paramref name="start"/> behind the engine's back.</summary>
    private static Task TamperAsync(KeystoneHost host, string start, decimal netRevenue) =>
        host.AsSystemAsync(async db =>
        {
            var day = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
            var rows = await db.Set<ScopeKpiSnapshot>().Where(s => s.Granularity == PeriodGranularity.Month && s.Start == day).ToListAsync();
            foreach (var row in rows)
            {
                var result = CompanySnapshots.Deserialize(row.Payload, Period.For(day, PeriodGranularity.Month));
                row.Payload = CompanySnapshots.Serialize(result with { Snapshot = result.Snapshot with { NetRevenue = netRevenue } });
            }
            await db.SaveChangesAsync();
        });
}
