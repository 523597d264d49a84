using System.Net;
using System.Text.Json;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Kpis;

/// <summary>GET /api/v1/kpis on each database: the snapshots as JSON, and problem details for bad input.</summary>
public sealed class KpiEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task The_api_answers_one_snapshot_per_period_with_the_csv_fields_and_more(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.RetentionAccountsAsync(senior);
        await data.RetentionTable("2011-01-15", "2011-02-15").ImportAsync();
        using var client = host.ClientFor(senior);

        var body = await client.GetAsync($"/api/v1/kpis?scope=kam:{senior.Email}&period=month&from=2011-01&to=2011-02").ExpectAsync(HttpStatusCode.OK);

        var rows = body.EnumerateArray().ToList();
        Assert.Equal(["2011-01", "2011-02"], rows.Select(r => r.Str("period")));
        var february = rows[1];
        Assert.Equal((4, 3, 1, 0, 0), (february.GetProperty("active").GetInt32(), february.GetProperty("retained").GetInt32(),
            february.GetProperty("new").GetInt32(), february.GetProperty("reactivated").GetInt32(), february.GetProperty("additionalOfferings").GetInt32()));
        Assert.Equal((0.6m, 0.4m, 0.48m, 0.58m, 350m, -0.3m), (february.GetProperty("retention").GetDecimal(), february.GetProperty("logoChurn").GetDecimal(),
            february.GetProperty("grr").GetDecimal(), february.GetProperty("nrr").GetDecimal(), february.GetProperty("revenue").GetDecimal(),
            february.GetProperty("revenueGrowth").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("retention").ValueKind);
        Assert.Equal(JsonValueKind.Null, february.GetProperty("grossMargin").ValueKind);
        Assert.Equal(JsonValueKind.Null, february.GetProperty("unattributedRevenue").ValueKind);
    }

    [Theory, AllDatabases]
    public async Task Bad_input_answers_problem_details_naming_each_field_and_a_junior_is_refused_the_company(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(junior);

        var invalid = await client.GetAsync("/api/v1/kpis?scope=planet&period=week&from=2011-13").ExpectFieldErrorsAsync("scope", "period", "from", "to");
        var refused = await client.GetAsync("/api/v1/kpis?scope=company&from=2011-01&to=2011-02").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.GetAsync($"/api/v1/kpis?scope=account:{Guid.NewGuid()}&from=2011-01&to=2011-02").ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("company, account:ID", invalid.ErrorsOf("scope")[0], StringComparison.Ordinal);
        Assert.Contains("whole company", refused.Str("detail"), StringComparison.Ordinal);
    }
}
