using System.Globalization;
using System.Net;
using System.Text.Json;
using Keystone.Core.Access;
using Keystone.Core.Activities;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Keystone.Web.Tests.Kpis;

/// <summary>
/// The dashboards' API on each database: the drill-down company → team → KAM → account with its
/// access rules, the 24-period dashboard, ABC and cohorts, and their downloads. Figures by hand.
/// </summary>
public sealed class KpiDashboardTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    /// <summary>
    /// A senior with a junior, and another senior. s1 (senior): 100 in January 2012, 150 in February;
    /// j1 (junior): 100, then 40; o1 (other): 80 in February only. In February: a meeting of the senior
    /// on s1 that the junior joined, a call of the junior on j1, a planned meeting of the junior (not
    /// counted) and a call of the other senior on o1.
    /// </summary>
    private sealed record Org(TestUser Head, TestUser Senior, TestUser Junior, TestUser Other, Guid S1, Guid J1, Guid O1);

    private static async Task<Org> OrgAsync(KeystoneHost host)
    {
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, senior);
        var other = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        var s1 = (await data.AccountAsync(senior, "s1")).Id;
        var j1 = (await data.AccountAsync(junior, "j1")).Id;
        var o1 = (await data.AccountAsync(other, "o1")).Id;
        await data.Line("s1", "2012-01-10", 100).Line("s1", "2012-02-10", 150)
            .Line("j1", "2012-01-10", 100).Line("j1", "2012-02-10", 40)
            .Line("o1", "2012-02-10", 80)
            .ImportAsync();
        await host.AsSystemAsync(async db =>
        {
            db.Activities.Add(Activity(s1, senior, ActivityType.Meeting, ActivityStatus.Completed, "2012-02-10T09:00:00Z", junior));
            db.Activities.Add(Activity(j1, junior, ActivityType.Call, ActivityStatus.Completed, "2012-02-11T09:00:00Z"));
            db.Activities.Add(Activity(j1, junior, ActivityType.Meeting, ActivityStatus.Planned, "2012-02-12T09:00:00Z"));
            db.Activities.Add(Activity(o1, other, ActivityType.Call, ActivityStatus.Completed, "2012-02-13T09:00:00Z"));
            await db.SaveChangesAsync();
        });
        return new Org(head, senior, junior, other, s1, j1, o1);
    }

    private static Activity Activity(Guid account, TestUser owner, ActivityType type, ActivityStatus status, string startsAt, TestUser? participant = null)
    {
        var activity = new Activity
        {
            AccountId = account,
            OwnerId = owner.Id,
            Type = type,
            Status = status,
            StartsAt = DateTimeOffset.Parse(startsAt, CultureInfo.InvariantCulture),
            Subject = "KPI test",
            DurationMinutes = 30,
        };
        if (participant is not null)
        {
            activity.Participants.Add(new ActivityParticipant { ActivityId = activity.Id, AccountId = account, UserId = participant.Id });
        }
        return activity;
    }

    private static JsonElement Row(JsonElement result, string name) =>
        result.GetProperty("children").EnumerateArray().Single(r => r.Str("name") == name);

    private static decimal? Rate(JsonElement row, string kpi) =>
        row.GetProperty("kpis").GetProperty(kpi) is { ValueKind: JsonValueKind.Number } v ? v.GetDecimal() : null;

    private static string[] Crumbs(JsonElement result) => [.. result.GetProperty("breadcrumbs").EnumerateArray().Select(c => c.Str("name")!)];

    [Theory, AllDatabases]
    public async Task The_head_of_KAM_drills_down_from_teams_to_KAMs_to_accounts_each_with_its_own_figures(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var org = await OrgAsync(host);
        using var head = host.ClientFor(org.Head);

        var company = await head.GetAsync("/api/v1/kpis/breakdown?scope=company&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        var team = Row(company, $"Team of {org.Senior.DisplayName}");
        Assert.Equal(("Team", $"team:{org.Senior.Email}"), (team.Str("level"), team.Str("scope")));
        Assert.Equal(190m, team.GetProperty("kpis").GetProperty("revenue").GetDecimal());
        Assert.Equal((1m, 0.7m, 0.95m), (Rate(team, "retention"), Rate(team, "grr"), Rate(team, "nrr")));
        // The meeting both joined counts once for the team.
        Assert.Equal(2, team.GetProperty("meetingsAndCalls").GetInt32());
        Assert.Equal(80m, Row(company, $"Team of {org.Other.DisplayName}").GetProperty("kpis").GetProperty("revenue").GetDecimal());
        Assert.Empty(Crumbs(company));

        var kams = await head.GetAsync($"/api/v1/kpis/breakdown?scope={Uri.EscapeDataString(team.Str("scope")!)}&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(190m, kams.GetProperty("total").GetProperty("kpis").GetProperty("revenue").GetDecimal());
        Assert.Equal([org.Senior.DisplayName, org.Junior.DisplayName], kams.GetProperty("children").EnumerateArray().Select(r => r.Str("name")));
        var senior = Row(kams, org.Senior.DisplayName);
        var junior = Row(kams, org.Junior.DisplayName);
        Assert.Equal((150m, 1m, 1.5m, 1), (senior.GetProperty("kpis").GetProperty("revenue").GetDecimal(), Rate(senior, "grr"), Rate(senior, "nrr"), senior.GetProperty("meetingsAndCalls").GetInt32()));
        Assert.Equal((40m, 0.4m, 0.4m, 2), (junior.GetProperty("kpis").GetProperty("revenue").GetDecimal(), Rate(junior, "grr"), Rate(junior, "nrr"), junior.GetProperty("meetingsAndCalls").GetInt32()));
        Assert.Equal(["Company"], Crumbs(kams));

        var accounts = await head.GetAsync($"/api/v1/kpis/breakdown?scope={Uri.EscapeDataString(junior.Str("scope")!)}&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        var j1 = accounts.GetProperty("children").EnumerateArray().Single();
        Assert.Equal(($"account:{org.J1}", "Account", 40m, 1), (j1.Str("scope"), j1.Str("level"), j1.GetProperty("kpis").GetProperty("revenue").GetDecimal(), j1.GetProperty("meetingsAndCalls").GetInt32()));
        Assert.Equal(["Company", $"Team of {org.Senior.DisplayName}"], Crumbs(accounts));

        var account = await head.GetAsync($"/api/v1/kpis/breakdown?scope=account:{org.J1}&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(account.GetProperty("children").EnumerateArray());
        Assert.Equal(["Company", $"Team of {org.Senior.DisplayName}", org.Junior.DisplayName], Crumbs(account));
    }

    [Theory, AllDatabases]
    public async Task A_senior_sees_their_own_team_and_a_junior_only_themselves(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var org = await OrgAsync(host);
        using var senior = host.ClientFor(org.Senior);
        using var junior = host.ClientFor(org.Junior);

        await senior.GetAsync("/api/v1/kpis/breakdown?scope=company&at=2012-02").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await senior.GetAsync($"/api/v1/kpis/breakdown?scope=team:{org.Other.Email}&at=2012-02").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await senior.GetAsync($"/api/v1/kpis/breakdown?scope=account:{org.O1}&at=2012-02").ExpectProblemAsync(HttpStatusCode.NotFound);
        var own = await senior.GetAsync($"/api/v1/kpis/breakdown?scope=team:{org.Senior.Email}&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(190m, own.GetProperty("total").GetProperty("kpis").GetProperty("revenue").GetDecimal());
        Assert.Empty(Crumbs(own));
        var ofJunior = await senior.GetAsync($"/api/v1/kpis/breakdown?scope=kam:{org.Junior.Email}&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([$"Team of {org.Senior.DisplayName}"], Crumbs(ofJunior));

        await junior.GetAsync($"/api/v1/kpis/breakdown?scope=team:{org.Senior.Email}&at=2012-02").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await junior.GetAsync($"/api/v1/kpis/breakdown?scope=kam:{org.Senior.Email}&at=2012-02").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await junior.GetAsync($"/api/v1/kpis/breakdown?scope=account:{org.S1}&at=2012-02").ExpectProblemAsync(HttpStatusCode.NotFound);
        var self = await junior.GetAsync($"/api/v1/kpis/breakdown?scope=kam:{org.Junior.Email}&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(40m, self.GetProperty("total").GetProperty("kpis").GetProperty("revenue").GetDecimal());
        // The junior cannot see their senior's team: no way up is offered.
        var account = await junior.GetAsync($"/api/v1/kpis/breakdown?scope=account:{org.J1}&at=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([org.Junior.DisplayName], Crumbs(account));

        var invalid = await junior.GetAsync("/api/v1/kpis/breakdown?scope=planet&period=week&at=2012-13").ExpectFieldErrorsAsync("scope", "period", "at");
        Assert.Contains("company, account:ID", invalid.ErrorsOf("scope")[0], StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task The_dashboard_holds_24_periods_with_meetings_and_calls_and_the_company_is_for_those_who_see_all(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var org = await OrgAsync(host);
        using var head = host.ClientFor(org.Head);
        using var junior = host.ClientFor(org.Junior);

        var team = await head.GetAsync($"/api/v1/kpis/dashboard?scope=team:{org.Senior.Email}&to=2012-02").ExpectAsync(HttpStatusCode.OK);
        var periods = team.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(24, periods.Count);
        Assert.Equal(("2010-03", "2012-02"), (periods[0].GetProperty("kpis").Str("period"), periods[^1].GetProperty("kpis").Str("period")));
        Assert.Equal((190m, 2), (periods[^1].GetProperty("kpis").GetProperty("revenue").GetDecimal(), periods[^1].GetProperty("meetingsAndCalls").GetInt32()));
        Assert.Equal((200m, 0), (periods[^2].GetProperty("kpis").GetProperty("revenue").GetDecimal(), periods[^2].GetProperty("meetingsAndCalls").GetInt32()));

        var quarters = await head.GetAsync($"/api/v1/kpis/dashboard?scope=team:{org.Senior.Email}&period=quarter&to=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("2012-Q1", quarters.GetProperty("periods").EnumerateArray().Last().GetProperty("kpis").Str("period"));
        Assert.Equal(390m, quarters.GetProperty("periods").EnumerateArray().Last().GetProperty("kpis").GetProperty("revenue").GetDecimal());

        await junior.GetAsync("/api/v1/kpis/dashboard?scope=company&to=2012-02").ExpectProblemAsync(HttpStatusCode.Forbidden);
        // The head counts both of the junior's activities; the junior cannot see their senior's account
        // s1, so the meeting they joined there is left out of every figure they are shown.
        var seenByHead = await head.GetAsync($"/api/v1/kpis/dashboard?scope=kam:{org.Junior.Email}&to=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, seenByHead.GetProperty("periods").EnumerateArray().Last().GetProperty("meetingsAndCalls").GetInt32());
        var own = await junior.GetAsync($"/api/v1/kpis/dashboard?scope=kam:{org.Junior.Email}&to=2012-02").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, own.GetProperty("periods").EnumerateArray().Last().GetProperty("meetingsAndCalls").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task ABC_ranks_the_trailing_12_months_and_lists_accounts_without_revenue_as_C(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        foreach (var name in new[] { "a", "b", "c", "d", "e", "f" })
        {
            await data.AccountAsync(owner, name);
        }
        await data.AccountAsync(stranger, "z");
        await data.Line("a", "2012-01-01", 200).Line("a", "2012-12-31", 300).Line("a", "2011-12-31", 10_000).Line("a", "2013-01-01", 10_000)
            .Line("b", "2012-06-01", 300).Line("c", "2012-06-01", 150).Line("d", "2012-06-01", 50).Line("f", "2012-06-01", -10)
            .Line("z", "2012-06-01", 1_000_000)
            .ImportAsync();
        using var client = host.ClientFor(owner);

        var abc = await client.GetAsync($"/api/v1/kpis/abc?scope=kam:{owner.Email}&to=2012-12").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("2012-01", "2012-12", 0.80m, 0.95m, 1000m), (abc.Str("from"), abc.Str("to"), abc.GetProperty("thresholdA").GetDecimal(),
            abc.GetProperty("thresholdB").GetDecimal(), abc.GetProperty("positiveRevenue").GetDecimal()));
        var rows = abc.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal([$"a {data.Tag}", $"b {data.Tag}", $"c {data.Tag}", $"d {data.Tag}", $"e {data.Tag}", $"f {data.Tag}"], rows.Select(r => r.Str("account")));
        Assert.Equal(["A", "A", "B", "C", "C", "C"], rows.Select(r => r.Str("class")));
        Assert.Equal([0m, 0.5m, 0.8m, 0.95m], rows.Take(4).Select(r => r.GetProperty("shareBefore").GetDecimal()));
        Assert.Equal([0.5m, 0.8m, 0.95m, 1m], rows.Take(4).Select(r => r.GetProperty("cumulativeShare").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, rows[4].GetProperty("shareBefore").ValueKind);
        Assert.Equal((0m, -10m), (rows[4].GetProperty("revenue").GetDecimal(), rows[5].GetProperty("revenue").GetDecimal()));
        Assert.Equal([(2, 800m), (1, 150m), (3, 40m)], abc.GetProperty("classes").EnumerateArray().Select(c => (c.GetProperty("accounts").GetInt32(), c.GetProperty("revenue").GetDecimal())));

        await client.GetAsync("/api/v1/kpis/abc?scope=company").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.GetAsync($"/api/v1/kpis/abc?scope=kam:{stranger.Email}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.GetAsync("/api/v1/kpis/abc?to=2012-13").ExpectFieldErrorsAsync("to");
    }

    [Theory, AllDatabases]
    public async Task Cohorts_count_the_accounts_active_in_each_month_since_their_first(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var data = new KpiTestData(host);
        foreach (var name in new[] { "p", "q", "r", "s" })
        {
            await data.AccountAsync(owner, name);
        }
        // p: January and February; q: January and March; r: February; s: a credit note in January, then March.
        await data.Line("p", "2013-01-05", 10).Line("p", "2013-02-05", 10)
            .Line("q", "2013-01-05", 10).Line("q", "2013-03-05", 10)
            .Line("r", "2013-02-05", 10)
            .Line("s", "2013-01-05", -10).Line("s", "2013-03-05", 10)
            .ImportAsync();
        using var client = host.ClientFor(owner);

        var table = await client.GetAsync($"/api/v1/kpis/cohorts?scope=kam:{owner.Email}&from=2013-01&to=2013-03").ExpectAsync(HttpStatusCode.OK);

        var cohorts = table.GetProperty("cohorts").EnumerateArray().ToList();
        Assert.Equal(["2013-01", "2013-02", "2013-03"], cohorts.Select(c => c.Str("month")));
        Assert.Equal([2, 1, 1], cohorts.Select(c => c.GetProperty("size").GetInt32()));
        Assert.Equal([2, 1, 1], cohorts[0].GetProperty("active").EnumerateArray().Select(a => a.GetInt32()));
        Assert.Equal([1, 0], cohorts[1].GetProperty("active").EnumerateArray().Select(a => a.GetInt32()));
        Assert.Equal([1], cohorts[2].GetProperty("active").EnumerateArray().Select(a => a.GetInt32()));

        await client.GetAsync("/api/v1/kpis/cohorts?scope=company").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.GetAsync($"/api/v1/kpis/cohorts?scope=kam:{owner.Email}&from=2013-04&to=2013-03").ExpectFieldErrorsAsync("from");
    }

    [Theory, AllDatabases]
    public async Task Every_dashboard_table_downloads_as_csv_and_xlsx_for_the_signed_in_user_only_within_their_sight(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var org = await OrgAsync(host);
        using var browser = new BrowserSession(host);
        await SignInAsync(host, browser, org.Senior);
        var team = Uri.EscapeDataString($"team:{org.Senior.Email}");

        using var csv = await browser.GetAsync($"/kpis/breakdown/export.csv?scope={team}&at=2012-02");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("level,name,scope,period,active,retention,logo_churn,grr,nrr,revenue,revenue_growth,gross_margin,gross_margin_growth,additional_offerings,meetings_and_calls", lines[0]);
        Assert.Equal($"team,Team of {org.Senior.DisplayName},team:{org.Senior.Email},2012-02,2,1.0000,0.0000,0.7000,0.9500,190.00,-0.0500,,,0,2", lines[1]);
        Assert.Equal(4, lines.Length);

        using var xlsx = await browser.GetAsync($"/kpis/breakdown/export.xlsx?scope={team}&at=2012-02");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = (await xlsx.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(190m, Convert.ToDecimal(rows[0]["revenue"], CultureInfo.InvariantCulture));

        foreach (var table in new[] { "dashboard", "abc", "cohorts" })
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                using var own = await browser.GetAsync($"/kpis/{table}/export.{format}?scope={team}&to=2012-02");
                Assert.Equal(HttpStatusCode.OK, own.StatusCode);
                using var company = await browser.GetAsync($"/kpis/{table}/export.{format}?scope=company&to=2012-02");
                Assert.Equal(HttpStatusCode.Forbidden, company.StatusCode);
            }
        }
        using var dashboard = await browser.GetAsync($"/kpis/dashboard/export.csv?scope={team}&to=2012-02");
        var last = (await dashboard.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n')[^1];
        Assert.Equal("2012-02,2,2,0,0,1.0000,0.0000,0.7000,0.9500,190.00,-0.0500,,,0,2", last);
    }

    /// <summary>Signs in through the login form, as a browser does, past the first-sign-in password change.</summary>
    private static async Task SignInAsync(KeystoneHost host, BrowserSession browser, TestUser user)
    {
        await host.AsSystemAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false)));
        var fields = await browser.FormFieldsAsync("/account/login");
        fields["Input.Email"] = user.Email;
        fields["Input.Password"] = user.Password;
        using var response = await browser.PostFormAsync("/account/login", fields);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }
}
