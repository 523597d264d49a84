using System.Text.Json;
using Keystone.Cli;
using Keystone.Core.Access;
using Keystone.Core.Activities;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Keystone.Web.Data;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Kpis;

/// <summary>
/// The company's stored KPI figures (ADR 0012): used while the revenue revision is unchanged, computed
/// again after every write that changes the figures, and always equal to what the engine computes.
/// </summary>
public sealed class CompanySnapshotTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task Stored_figures_answer_while_the_revision_is_unchanged_and_a_write_makes_them_computed_again(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "s");
        await data.Line("s", "2014-01-10", 100).Line("s", "2014-02-10", 120).ImportAsync();

        var first = await host.KpisAsync("company", "2014-01", "2014-02");
        var revision = await host.RevenueRevisionAsync();
        Assert.Equal(2, await StoredAsync(host, PeriodGranularity.Month, "2014-01-01", "2014-02-01", revision));

        // The revision trick: a stored figure changed behind the engine's back is what comes out, so the
        // stored row was read and nothing was computed.
        await host.TamperCompanyAsync(PeriodGranularity.Month, "2014-02-01", 987654.32m);
        var second = await host.KpisAsync("company", "2014-01", "2014-02");
        Assert.Equal(987654.32m, second[1].Snapshot.NetRevenue);
        Assert.Equal(Json(first[0]), Json(second[0]));

        // An import counts the revision up in its transaction: the figures are computed again, with the new line.
        await data.Line("s", "2014-02-20", 5).ImportAsync();
        Assert.True(await host.RevenueRevisionAsync() > revision);
        var third = await host.KpisAsync("company", "2014-01", "2014-02");
        Assert.Equal(first[1].Snapshot.NetRevenue + 5m, third[1].Snapshot.NetRevenue);
        Assert.Equal(Json(await host.UncachedKpisAsync("company", "2014-01", "2014-02")), Json(third));
    }

    [Theory, AllDatabases]
    public async Task Stored_figures_equal_the_engine_by_month_quarter_and_year_with_unattributed_revenue_and_standard_costs(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.RetentionAccountsAsync(owner);
        await data.AccountAsync(owner, "g");
        await data.RetentionTable("2015-04-10", "2015-05-10")
            .Line("g", "2015-02-10", 70, product: "W", quantity: 4)             // standard cost
            .Line("g", "2015-05-11", 10, product: "W", quantity: 1, cost: 2.5m) // own cost
            .Line("g", "2015-08-11", -7.35m, product: "W", quantity: 1)         // a credit note, standard cost
            .Line("g", "2015-09-11", 3, product: "Z")                           // no cost at all: margin unknown
            .Line(null, "2015-05-12", 12.34m)                                   // unattributed
            .Line(null, "2016-01-03", -0.01m)
            .ImportAsync();
        await data.StandardCostAsync("W", "2015-01-01", 1.1234m);

        foreach (var (period, from, to) in new[] { ("month", "2015-01", "2016-02"), ("quarter", "2015-01", "2016-03"), ("year", "2014", "2016") })
        {
            var engine = await host.UncachedKpisAsync("company", from, to, period);
            var cold = await host.KpisAsync("company", from, to, period);
            var warm = await host.KpisAsync("company", from, to, period);
            Assert.Equal(Json(engine), Json(cold));
            Assert.Equal(Json(engine), Json(warm));
            Assert.Equal(engine.Select(r => KpiCsv.FormatRow(r.Snapshot)), warm.Select(r => KpiCsv.FormatRow(r.Snapshot)));
        }
        var may = (await host.KpisAsync("company", "2015-05", "2015-05")).Single();
        Assert.True(may.UnattributedRevenue >= 12.34m);
        // February holds only g's line without a cost of its own: 70 − 4 × 1.1234 from the standard cost.
        var february = (await host.KpisAsync("company", "2015-02", "2015-02")).Single();
        Assert.Equal(65.5064m, february.Snapshot.GrossMargin.Value);
    }

    [Theory, AllDatabases]
    public async Task A_period_computes_the_same_in_any_range_that_holds_it(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.RetentionAccountsAsync(owner);
        await data.RetentionTable("2017-03-10", "2017-06-10").Line("a", "2017-09-01", 40).Line("f", "2017-12-24", 15, product: "Q").ImportAsync();

        var wide = await host.UncachedKpisAsync("company", "2017-01", "2017-12");
        var narrow = await host.UncachedKpisAsync("company", "2017-05", "2017-08");
        var later = await host.UncachedKpisAsync("company", "2017-06", "2018-06");

        Assert.Equal(Json(wide.Skip(4).Take(4)), Json(narrow));
        Assert.Equal(Json(wide.Skip(5)), Json(later.Take(7)));

        // So the periods one request stored answer another range's request.
        await host.KpisAsync("company", "2017-01", "2017-12");
        Assert.Equal(Json(narrow), Json(await host.KpisAsync("company", "2017-05", "2017-08")));
    }

    [Theory, AllDatabases]
    public async Task Linking_and_creating_an_account_for_an_unmatched_customer_count_the_revision_up_and_move_the_revenue(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "k");
        var known = await host.CreateAccountAsync(owner);
        await data.Line("k", "2018-03-05", 10).Line("u1", "2018-03-06", 30).Line("u2", "2018-03-07", 7).ImportAsync();

        var before = (await host.KpisAsync("company", "2018-03", "2018-03")).Single();
        var revision = await host.RevenueRevisionAsync();
        var unmatched = await host.AsSystemAsync((db, _) => db.UnmatchedCustomers.Where(c => c.Source == data.Tag).OrderBy(c => c.ExternalId).ToListAsync());
        Assert.Equal(2, unmatched.Count);

        await host.AsSystemAsync((db, _) => ResolveUnmatchedCustomer.LinkAsync(db, unmatched[0].Id, known.Id));
        Assert.Equal(revision + 1, await host.RevenueRevisionAsync());
        var linked = (await host.KpisAsync("company", "2018-03", "2018-03")).Single();
        Assert.Equal(before.UnattributedRevenue - 30m, linked.UnattributedRevenue);
        Assert.Equal(before.Snapshot.NetRevenue + 30m, linked.Snapshot.NetRevenue);

        await host.AsSystemAsync((db, _) => ResolveUnmatchedCustomer.CreateAccountAsync(db, unmatched[1].Id, owner.Id));
        Assert.Equal(revision + 2, await host.RevenueRevisionAsync());
        var created = (await host.KpisAsync("company", "2018-03", "2018-03")).Single();
        Assert.Equal(linked.UnattributedRevenue - 7m, created.UnattributedRevenue);
        Assert.Equal(linked.Snapshot.Active + 1, created.Snapshot.Active);
        Assert.Equal(Json(await host.UncachedKpisAsync("company", "2018-03", "2018-03")), Json<KpiPeriodResult[]>([created]));
    }

    [Theory, AllDatabases]
    public async Task A_rejected_import_does_not_count_the_revision_up(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "r");
        await data.Line("r", "2019-01-05", 10).ImportAsync();
        var revision = await host.RevenueRevisionAsync();

        await host.AsSystemAsync(async (db, services) =>
        {
            var file = Revenue.RevenueTestFiles.Utf8([Revenue.RevenueTestFiles.Header, "I1,1,not a date,C,,P,P,1,1,EUR,"]);
            using var stream = new MemoryStream(file, writable: false);
            return await ImportInvoices.HandleAsync(
                db, services.GetRequiredService<IDatabaseProvider>(), Revenue.RevenueTestFiles.Options,
                new InvoiceImportRequest { Source = data.Tag, Columns = Revenue.RevenueTestFiles.Columns() }, stream, "bad.csv", null);
        });

        Assert.Equal(revision, await host.RevenueRevisionAsync());
    }

    [Theory, AllDatabases]
    public async Task The_refresh_stores_the_dashboard_windows_once_and_concurrent_readers_do_not_collide(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "w");
        await data.Line("w", "2020-06-05", 10).ImportAsync();

        // Concurrent first readers both compute and store the same periods: an upsert, never a key violation.
        await Task.WhenAll(
            host.KpisAsync("company", "2020-01", "2020-12"),
            host.KpisAsync("company", "2020-01", "2020-12"),
            host.KpisAsync("company", "2020-06", "2021-03"));

        await host.AsSystemAsync(async (db, _) =>
        {
            await CompanySnapshots.RefreshDefaultsAsync(db, TimeZoneInfo.Utc);
            var revision = await RevenueRevision.ReadAsync(db);
            foreach (var granularity in Enum.GetValues<PeriodGranularity>())
            {
                var last = KpiInput.LastWhole(db.Clock, TimeZoneInfo.Utc, granularity);
                var periods = Period.Range(last.Offset(-(KpiDashboard.Periods - 1)), last);
                Assert.NotNull(await CompanySnapshots.ReadAsync(db, granularity, periods, revision));
            }
            // Up to date: a second refresh has nothing to do.
            Assert.False(await CompanySnapshots.RefreshDefaultsAsync(db, TimeZoneInfo.Utc));
            return 0;
        });
    }

    [Theory, AllDatabases]
    public async Task A_standard_cost_written_with_a_revision_changes_the_stored_margin(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(owner, "c");
        await data.Line("c", "2021-04-05", 50, product: "SC", quantity: 5).ImportAsync();
        var before = (await host.KpisAsync("company", "2021-04", "2021-04")).Single();
        Assert.Null(before.Snapshot.GrossMargin.Value);

        await data.StandardCostAsync("SC", "2021-01-01", 4m);

        var after = (await host.KpisAsync("company", "2021-04", "2021-04")).Single();
        Assert.Equal(Json(await host.UncachedKpisAsync("company", "2021-04", "2021-04")), Json<KpiPeriodResult[]>([after]));
        Assert.Equal(before.Snapshot.GrossMargin.UncostedLines - 1, after.Snapshot.GrossMargin.UncostedLines);
    }

    [Theory, AllDatabases]
    public async Task Seeding_scale_data_counts_the_revision_up(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KeystoneCli.RunAsync(
            ["seed", "scale", "--accounts", "20", "--contacts", "0", "--activities", "0", "--invoice-lines", "50", "--seed", "3",
                "--provider", database.ProviderName, "--connection", database.ConnectionString], output, error);
        Assert.True(code == 0, error.ToString());

        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        DatabaseRegistration.Providers.Single(p => p.Name == database.ProviderName).Configure(options, database.ConnectionString);
        await using var db = KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
        Assert.Equal(1, await RevenueRevision.ReadAsync(db));
    }

    [Theory, AllDatabases]
    public async Task The_company_meetings_and_calls_are_stored_per_time_zone_and_counted_again_after_any_activity_change(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(owner);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Activity Meeting(string startsAt, ActivityType type = ActivityType.Meeting) => new()
        {
            AccountId = account.Id,
            OwnerId = owner.Id,
            Type = type,
            Status = ActivityStatus.Completed,
            StartsAt = DateTimeOffset.Parse(startsAt, System.Globalization.CultureInfo.InvariantCulture),
            Subject = "Snapshot test",
            DurationMinutes = 30,
        };
        // 23:30 UTC on 31 March is already April in Berlin.
        await host.AsSystemAsync(async db =>
        {
            db.Activities.AddRange(Meeting("2022-03-10T09:00:00Z"), Meeting("2022-03-31T23:30:00Z", ActivityType.Call), Meeting("2022-04-02T09:00:00Z"));
            await db.SaveChangesAsync();
        });
        var months = Period.Range(Period.OfMonth(2022, 3), Period.OfMonth(2022, 4));

        var utc = await CountAsync(host, months, TimeZoneInfo.Utc);
        var local = await CountAsync(host, months, berlin);
        Assert.Equal(new[] { 2, 1 }, utc.Stored);
        Assert.Equal(new[] { 1, 2 }, local.Stored);
        Assert.Equal(utc.Computed, utc.Stored);
        Assert.Equal(local.Computed, local.Stored);
        var revision = await host.AsSystemAsync((db, _) => ActivityRevision.ReadAsync(db));
        Assert.Equal(2, await host.AsSystemAsync((db, _) => db.Set<CompanyMeetingCount>().CountAsync(c => c.TimeZone == "UTC" && c.Revision == revision && c.Start.Year == 2022)));

        // An edit through the change tracker counts the activities' revision up in its transaction.
        await host.AsSystemAsync(async db =>
        {
            var first = await db.Activities.SingleAsync(a => a.AccountId == account.Id && a.StartsAt == DateTimeOffset.Parse("2022-03-10T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            first.Status = ActivityStatus.Planned;
            await db.SaveChangesAsync();
        });
        Assert.Equal(revision + 1, await host.AsSystemAsync((db, _) => ActivityRevision.ReadAsync(db)));
        Assert.Equal(new[] { 1, 1 }, (await CountAsync(host, months, TimeZoneInfo.Utc)).Stored);
    }

    private static Task<(int[] Stored, int[] Computed)> CountAsync(KeystoneHost host, Period[] periods, TimeZoneInfo zone) =>
        host.AsSystemAsync(async (db, _) =>
        {
            var company = await KpiQuery.ResolveScopeAsync(db, KpiScope.Company);
            var stored = await ScopeMeetingsAndCalls.CountAsync(db, company, periods, zone);
            return (stored, await ScopeMeetingsAndCalls.ComputeAsync(db, company, periods, zone, default));
        });

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);


    private static Task<int> StoredAsync(KeystoneHost host, PeriodGranularity granularity, string first, string last, long revision) =>
        host.AsSystemAsync((db, _) =>
        {
            var (from, to) = (DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
            return db.Set<CompanyKpiSnapshot>().CountAsync(s => s.Granularity == granularity && s.Start >= from && s.Start <= to && s.Revision == revision);
        });
}
