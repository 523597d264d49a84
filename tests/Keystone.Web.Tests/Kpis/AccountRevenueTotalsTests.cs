using Keystone.Core.Access;
using Keystone.Core.Kpis;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Kpis;

/// <summary>The grouped net revenue per account equals the KPI engine's, account by account, and keeps to the actor's sight.</summary>
public sealed class AccountRevenueTotalsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task Grouped_totals_equal_the_engine_per_account_with_credit_notes_and_two_currencies(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var other = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        var x = await data.AccountAsync(owner, "x");
        var y = await data.AccountAsync(owner, "y");
        var z = await data.AccountAsync(owner, "z");
        var foreign = await data.AccountAsync(other, "foreign");
        await LoadRatesAsync(host, "2012-01-01,USD,0.8", "2012-02-15,USD,0.5");
        await data
            .Line("x", "2011-12-31", 777)                                  // before the window
            .Line("x", "2012-01-10", 100)                                  // 100 EUR
            .Line("x", "2012-01-20", 50, quantity: 2, currency: "USD")     // 50 USD × 0.8 = 40 EUR
            .Line("x", "2012-02-20", 10, currency: "USD")                  // 10 USD × 0.5 = 5 EUR
            .Line("x", "2012-03-05", -30)                                  // a credit note
            .Line("x", "2012-04-01", 999)                                  // the day the window ends
            .Line("y", "2012-02-01", -20)                                  // a credit note alone
            .Line("z", "2011-06-01", 100)                                  // nothing in the window
            .Line("foreign", "2012-01-15", 500)
            .Line(null, "2012-01-15", 60)                                  // unattributed: no account's revenue
            .ImportAsync();
        var actor = await host.ActorAsync(owner);
        Guid[] ids = [x.Id, y.Id, z.Id, foreign.Id];

        var totals = await host.TotalsAsync(ids, actor);

        Assert.Equal(115m, totals[x.Id]);
        Assert.Equal(-20m, totals[y.Id]);
        Assert.False(totals.ContainsKey(z.Id));
        Assert.False(totals.ContainsKey(foreign.Id));
        foreach (var id in new[] { x.Id, y.Id, z.Id })
        {
            var engine = (await host.KpisAsync($"account:{id}", "2012-01", "2012-03", actor: actor)).Sum(p => p.Snapshot.NetRevenue);
            Assert.Equal(engine, totals.GetValueOrDefault(id));
        }

        // Every account the actor can see, when none are named: still not the other KAM's.
        var all = await host.TotalsAsync(null, actor);
        Assert.Equal(115m, all[x.Id]);
        Assert.Equal(-20m, all[y.Id]);
        Assert.False(all.ContainsKey(foreign.Id));

        // The query filters alone keep the foreign account out: those who see everything get it, as the engine does.
        var system = await host.TotalsAsync(ids, null);
        Assert.Equal(500m, system[foreign.Id]);
        Assert.Equal((await host.KpisAsync($"account:{foreign.Id}", "2012-01", "2012-03")).Sum(p => p.Snapshot.NetRevenue), system[foreign.Id]);
        Assert.Equal((115m, -20m), (system[x.Id], system[y.Id]));
    }
}

internal static class AccountRevenueTotalsRuns
{
    /// <summary>The grouped totals of January to March 2012 as <paramref name="actor"/> (the system when null).</summary>
    public static Task<IReadOnlyDictionary<Guid, decimal>> TotalsAsync(this KeystoneHost host, IReadOnlyCollection<Guid>? ids, Actor? actor) =>
        host.AsSystemAsync(async (db, services) =>
        {
            if (actor is not null)
            {
                services.GetRequiredService<CurrentActor>().Set(actor);
            }
            return await AccountRevenueTotals.HandleAsync(db, ids, new DateOnly(2012, 1, 1), new DateOnly(2012, 4, 1));
        });
}
