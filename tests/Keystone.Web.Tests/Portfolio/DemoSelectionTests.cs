using Keystone.Core.Portfolio;
using Keystone.Core.Revenue;
using Keystone.Web.Tests.Demo;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Tests.Portfolio;

/// <summary>The demo's key accounts in the selection matrix: every quadrant has bubbles, each with a history and sales.</summary>
public sealed class DemoSelectionTests(DemoPortfolioFixture fixture) : IClassFixture<DemoPortfolioFixture>
{
    [Theory, AllDatabases]
    public async Task The_demo_key_accounts_fill_all_four_quadrants_with_sales_and_a_history(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);
        var options = host.Services.GetRequiredService<IOptions<SelectionMatrixOptions>>().Value;
        var revenue = host.Services.GetRequiredService<IOptions<RevenueOptions>>().Value;

        var (report, positions) = await host.AsSystemAsync(async (db, _) => (
            await GetSelectionMatrix.HandleAsync(db, options, revenue, new GetSelectionMatrix.Query()),
            await db.Set<SelectionPosition>().AsNoTracking().GroupBy(p => p.AccountId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync()));

        var scored = report.Accounts.Where(a => a.Scored).ToList();
        Assert.InRange(scored.Count, 8, 20);
        Assert.Equal(["star", "status", "strategic", "streamline"], scored.Select(a => a.Quadrant!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(scored, a =>
        {
            Assert.NotNull(a.RelationshipStage);
            Assert.True(a.AvailableSales > 0);
        });
        Assert.Contains(scored, a => a.CurrentSales > 0);
        Assert.All(scored, a => Assert.Equal(2, positions.Single(p => p.Key == a.Account.Id).Count));
    }
}
