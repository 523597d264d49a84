using Keystone.Core.Kpis;
using Keystone.Core.Pay;
using Keystone.Web.Tests.Demo;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Targets;

public sealed class DemoTargetsTests(DemoPortfolioFixture fixture) : IClassFixture<DemoPortfolioFixture>
{
    [Theory, AllDatabases]
    public async Task Every_demo_kam_has_targets_and_a_payout_last_quarter_that_shows_the_rules_of_the_plan(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);
        var lastQuarter = Period.For(DateOnly.FromDateTime(DateTime.UtcNow), PeriodGranularity.Quarter).Previous().ToString();

        var payouts = await host.AsSystemAsync((db, _) => GetPayouts.HandleAsync(db, new GetPayouts.Query { Period = lastQuarter }));

        var demo = payouts.Where(p => p.PlanName == "KAM variable pay").ToList();
        Assert.Equal(6, demo.Count);
        Assert.All(demo, p => Assert.All(p.Lines.Where(l => l.Metric is "revenue" or "gross-margin"), l => Assert.NotNull(l.Target)));
        var rules = demo.SelectMany(p => p.Lines).Select(l => l.Rule).ToHashSet();
        Assert.Contains("linear", rules);
        Assert.Contains("below-threshold", rules);
        Assert.True(rules.Contains("accelerated") || rules.Contains("capped"), string.Join(", ", rules));
        Assert.All(demo, p => Assert.Equal(p.Lines.Sum(l => l.Amount), p.Total));
    }
}
