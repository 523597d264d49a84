using System.Net;
using System.Text.Json;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Keystone.Web.Tests.Kpis;

namespace Keystone.Web.Tests.Targets;

public sealed class TargetEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Targets = "/api/v1/targets";
    private const string Plans = "/api/v1/pay-plans";

    private static object KamTarget(TestUser kam, string metric = "revenue", string period = "2026-Q3", decimal value = 250_000m) =>
        new { scope = "kam", userId = kam.Id, metric, period, value };

    [Theory, AllDatabases]
    public async Task A_head_of_kam_sets_a_target_once_per_scope_metric_and_period_and_changes_it_under_its_version(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var client = host.ClientFor(head);

        using var response = await client.PostJsonAsync(Targets, KamTarget(kam));
        var target = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal("kam", target.Str("scope"));
        Assert.Equal(kam.Id, target.GetProperty("user").Id());
        Assert.Equal("money", target.Str("unit"));
        Assert.Equal(250_000m, target.GetProperty("value").GetDecimal());

        var conflict = await client.PostJsonAsync(Targets, KamTarget(kam, value: 1m)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(target.Id().ToString(), conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Another metric or period is another target.
        await client.PostJsonAsync(Targets, KamTarget(kam, period: "2026-Q4")).ExpectAsync(HttpStatusCode.Created);
        await client.PostJsonAsync(Targets, KamTarget(kam, metric: "nrr", value: 1.05m)).ExpectAsync(HttpStatusCode.Created);

        var id = target.Id();
        using var patched = await client.PatchJsonAsync($"{Targets}/{id}", new { value = 300_000 }, "\"1\"");
        Assert.Equal(300_000m, (await patched.ExpectAsync(HttpStatusCode.OK)).GetProperty("value").GetDecimal());
        Assert.Equal("\"2\"", patched.ETag());
        await client.PatchJsonAsync($"{Targets}/{id}", new { value = 1 }, "\"1\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.PatchJsonAsync($"{Targets}/{id}", new { value = 1 }, null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await client.PatchJsonAsync($"{Targets}/{id}", new { period = "2027-Q1" }, "\"2\"").ExpectFieldErrorsAsync("period");

        var mine = await host.ClientFor(kam).GetAsync($"{Targets}?period=2026-Q3").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, mine.GetProperty("total").GetInt32());
        Assert.All(mine.GetProperty("items").EnumerateArray(), t => Assert.False(t.GetProperty("canEdit").GetBoolean()));

        await client.DeleteAsync($"{Targets}/{id}", "\"2\"").ExpectAsync(HttpStatusCode.NoContent);
        await client.GetAsync($"{Targets}/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task Bad_targets_are_400_naming_each_field(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var client = host.ClientFor(head);

        await client.PostJsonAsync(Targets, new { scope = "galaxy", metric = "happiness", period = "2026-13", value = -1 })
            .ExpectFieldErrorsAsync("scope", "metric", "period", "value");
        await client.PostJsonAsync(Targets, KamTarget(kam, metric: "meetings-and-calls", value: 2.5m)).ExpectFieldErrorsAsync("value");
        await client.PostJsonAsync(Targets, KamTarget(kam, metric: "retention", value: 95m)).ExpectFieldErrorsAsync("value");
        await client.PostJsonAsync(Targets, new { scope = "account", userId = kam.Id, metric = "revenue", period = "2026", value = 1 })
            .ExpectFieldErrorsAsync("userId", "accountId");
        await client.PostJsonAsync(Targets, new { scope = "kam", userId = kam.Id, metric = "revenue", period = "2026", value = 1, version = 3 })
            .ExpectFieldErrorsAsync("version");
    }

    [Theory, AllDatabases]
    public async Task A_kam_never_sees_another_kams_targets_or_payout_unless_they_manage_them(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var other = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var otherAccount = await host.CreateAccountAsync(other);

        var otherTarget = await host.ClientFor(head).PostJsonAsync(Targets, KamTarget(other)).ExpectAsync(HttpStatusCode.Created);
        var accountTarget = await host.ClientFor(head)
            .PostJsonAsync(Targets, new { scope = "account", accountId = otherAccount.Id, metric = "revenue", period = "2026-Q3", value = 10 })
            .ExpectAsync(HttpStatusCode.Created);
        // A senior sets their junior's targets, not their own nor a stranger's.
        var juniorTarget = await host.ClientFor(senior).PostJsonAsync(Targets, KamTarget(junior)).ExpectAsync(HttpStatusCode.Created);
        await host.ClientFor(senior).PostJsonAsync(Targets, KamTarget(senior)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await host.ClientFor(senior).PostJsonAsync(Targets, KamTarget(other, period: "2027")).ExpectFieldErrorsAsync("userId");
        await host.ClientFor(junior).PostJsonAsync(Targets, KamTarget(junior, period: "2027")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await host.ClientFor(viewer).PostJsonAsync(Targets, KamTarget(junior, period: "2027")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await host.ClientFor(viewer).GetAsync($"{Targets}/{juniorTarget.Id()}").ExpectAsync(HttpStatusCode.OK);

        var plan = await host.ClientFor(head).PostJsonAsync(Plans, new
        {
            name = $"Plan {Guid.NewGuid():N}",
            period = "quarter",
            components = new[] { new { metric = "revenue", weight = 1 } },
            members = new[] { new { userId = junior.Id, onTargetPay = 5000 }, new { userId = other.Id, onTargetPay = 7000 } },
        }).ExpectAsync(HttpStatusCode.Created);

        var juniorClient = host.ClientFor(junior);
        await juniorClient.GetAsync($"{Targets}/{otherTarget.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await juniorClient.GetAsync($"{Targets}/{accountTarget.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await juniorClient.PatchJsonAsync($"{Targets}/{otherTarget.Id()}", new { value = 1 }, "\"1\"").ExpectProblemAsync(HttpStatusCode.NotFound);
        var list = await juniorClient.GetAsync(Targets).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([juniorTarget.Id()], list.GetProperty("items").EnumerateArray().Select(t => t.Id()));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        await juniorClient.GetAsync($"/api/v1/attainment?userId={other.Id}&period=2026-Q3").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await juniorClient.GetAsync($"/api/v1/attainment?scope=account&accountId={otherAccount.Id}&period=2026-Q3").ExpectProblemAsync(HttpStatusCode.NotFound);
        await juniorClient.GetAsync($"/api/v1/payouts?period=2026-Q3&user={other.Id}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        var own = await juniorClient.GetAsync("/api/v1/payouts?period=2026-Q3").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([junior.Id], own.EnumerateArray().Select(p => p.GetProperty("user").Id()));
        var planSeen = await juniorClient.GetAsync($"{Plans}/{plan.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([junior.Id], planSeen.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("user").Id()));

        // The senior sees their junior's, not the stranger's; the head of KAM sees both.
        var seniorPayouts = await host.ClientFor(senior).GetAsync("/api/v1/payouts?period=2026-Q3").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([junior.Id], seniorPayouts.EnumerateArray().Select(p => p.GetProperty("user").Id()));
        var headPayouts = await host.ClientFor(head).GetAsync("/api/v1/payouts?period=2026-Q3").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, headPayouts.EnumerateArray().Count(p => p.GetProperty("planId").GetGuid() == plan.Id()));
        await host.ClientFor(other).GetAsync($"{Plans}/{Guid.NewGuid()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await juniorClient.PatchJsonAsync($"{Plans}/{plan.Id()}", new { cap = 3 }, "\"1\"").ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory, AllDatabases]
    public async Task Attainment_and_payout_come_from_the_kpi_engine_line_by_line(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(kam, "x");
        // Revenue 110,000 at a cost of 66,000: gross margin 44,000.
        await data.Line("x", "2025-05-10", 110_000m, cost: 66_000m).ImportAsync();
        var client = host.ClientFor(head);
        await client.PostJsonAsync(Targets, KamTarget(kam, "revenue", "2025-Q2", 100_000m)).ExpectAsync(HttpStatusCode.Created);
        await client.PostJsonAsync(Targets, KamTarget(kam, "gross-margin", "2025-Q2", 40_000m)).ExpectAsync(HttpStatusCode.Created);
        await client.PostJsonAsync(Targets, KamTarget(kam, "meetings-and-calls", "2025-Q2", 20m)).ExpectAsync(HttpStatusCode.Created);
        await client.PostJsonAsync(Targets, KamTarget(kam, "nrr", "2025-Q2", 0m)).ExpectAsync(HttpStatusCode.Created);

        var attainment = await host.ClientFor(kam).GetAsync($"/api/v1/attainment?userId={kam.Id}&period=2025-Q2").ExpectAsync(HttpStatusCode.OK);
        var lines = attainment.GetProperty("lines").EnumerateArray().ToDictionary(l => l.Str("metric")!);
        Assert.Equal(110_000m, lines["revenue"].GetProperty("actual").GetDecimal());
        Assert.Equal(1.1m, lines["revenue"].GetProperty("attainment").GetDecimal());
        Assert.Equal(1.1m, lines["gross-margin"].GetProperty("attainment").GetDecimal());
        Assert.Equal(0m, lines["meetings-and-calls"].GetProperty("attainment").GetDecimal());
        // NRR is undefined (no accounts active in the quarter before) and its target is 0: no attainment.
        Assert.Equal(JsonValueKind.Null, lines["nrr"].GetProperty("actual").ValueKind);
        Assert.Equal(JsonValueKind.Null, lines["nrr"].GetProperty("attainment").ValueKind);
        Assert.Equal(JsonValueKind.Null, lines["retention"].GetProperty("target").ValueKind);

        await client.PostJsonAsync(Plans, new
        {
            name = $"Plan {Guid.NewGuid():N}",
            period = "quarter",
            threshold = 0.8,
            cap = 1.5,
            accelerator = 2,
            components = new[] { new { metric = "revenue", weight = 0.5m }, new { metric = "gross-margin", weight = 0.3m }, new { metric = "meetings-and-calls", weight = 0.2m } },
            members = new[] { new { userId = kam.Id, onTargetPay = 10_000 } },
        }).ExpectAsync(HttpStatusCode.Created);

        var payouts = await host.ClientFor(kam).GetAsync("/api/v1/payouts?period=2025-Q2&user=me").ExpectAsync(HttpStatusCode.OK);
        var payout = Assert.Single(payouts.EnumerateArray());
        var byMetric = payout.GetProperty("lines").EnumerateArray().ToDictionary(l => l.Str("metric")!);
        // 110 %: 1 + 0.1 × 2 = 1.2; revenue 10,000 × 0.5 × 1.2 = 6,000; margin 10,000 × 0.3 × 1.2 = 3,600; meetings 0 % < 80 %: 0.
        Assert.Equal(1.2m, byMetric["revenue"].GetProperty("factor").GetDecimal());
        Assert.Equal(6_000m, byMetric["revenue"].GetProperty("amount").GetDecimal());
        Assert.Equal(3_600m, byMetric["gross-margin"].GetProperty("amount").GetDecimal());
        Assert.Equal("below-threshold", byMetric["meetings-and-calls"].Str("rule"));
        Assert.Equal(0m, byMetric["meetings-and-calls"].GetProperty("amount").GetDecimal());
        Assert.Equal(9_600m, payout.GetProperty("total").GetDecimal());

        await host.ClientFor(kam).GetAsync("/api/v1/payouts?period=2025-05&user=me").ExpectFieldErrorsAsync("period");
    }

    [Theory, AllDatabases]
    public async Task A_pay_plan_is_checked_versioned_and_pays_a_kam_under_one_plan_only(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var client = host.ClientFor(head);
        var name = $"Plan {Guid.NewGuid():N}";

        await client.PostJsonAsync(Plans, new
        {
            name,
            threshold = 1.2,
            components = new[] { new { metric = "revenue", weight = 0.5m }, new { metric = "nrr", weight = 0.3m } },
            members = new[] { new { userId = kam.Id, onTargetPay = -1 } },
        }).ExpectFieldErrorsAsync("threshold", "components", "members[0].onTargetPay");

        using var created = await client.PostJsonAsync(Plans, new
        {
            name,
            components = new[] { new { metric = "revenue", weight = 0.6m }, new { metric = "nrr", weight = 0.4m } },
            members = new[] { new { userId = kam.Id, onTargetPay = 8000 } },
        });
        var plan = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("quarter", plan.Str("period"));
        Assert.Equal(2m, plan.GetProperty("cap").GetDecimal());

        await client.PostJsonAsync(Plans, new { name, components = new[] { new { metric = "revenue", weight = 1 } }, members = Array.Empty<object>() })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await client.PostJsonAsync(Plans, new
        {
            name = name + " bis",
            components = new[] { new { metric = "revenue", weight = 1 } },
            members = new[] { new { userId = kam.Id, onTargetPay = 1 } },
        }).ExpectProblemAsync(HttpStatusCode.Conflict);

        var id = plan.Id();
        using var patched = await client.PatchJsonAsync($"{Plans}/{id}", new { cap = 1.5, accelerator = 3 }, "\"1\"");
        var changed = await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1.5m, changed.GetProperty("cap").GetDecimal());
        Assert.Equal("\"2\"", patched.ETag());
        await client.PatchJsonAsync($"{Plans}/{id}", new { cap = 2 }, "\"1\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.PatchJsonAsync($"{Plans}/{id}", new { cap = 2 }, null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await client.DeleteAsync($"{Plans}/{id}", "\"2\"").ExpectAsync(HttpStatusCode.NoContent);
        await client.GetAsync($"{Plans}/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
