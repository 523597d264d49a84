using CsCheck;
using Keystone.Core.Kpis;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Kpis;

/// <summary>
/// Laws of the KPI engine over the database, on random revenue: the company's (and a team's) figures
/// are those of its accounts added up, and equal those computed by hand from the amounts; GRR ≤ NRR;
/// retention + logo churn = 1. Each sample writes its lines into a year of its own, so the samples
/// never see each other's revenue.
/// </summary>
public sealed class KpiPropertyTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const int Months = 6;

    private int _year = 2200;

    // Whole amounts: many zeros, some credit notes, mostly sales.
    private static readonly Gen<int> Amount = Gen.Frequency(
        (3, Gen.Const(0)),
        (1, Gen.Int[-50, -1]),
        (4, Gen.Int[1, 500]));

    // Per account: whether the junior owns it, and its revenue in each month.
    private static readonly Gen<(bool Junior, int[] Revenue)[]> Accounts =
        Gen.Select(Gen.Bool, Amount.Array[Months]).Array[1, 5];

    [Theory, AllDatabases]
    public async Task The_company_and_a_team_add_up_their_accounts_and_match_the_figures_by_hand(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        await Accounts.SampleAsync(async accounts =>
        {
            var year = Interlocked.Increment(ref _year);
            var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
            var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, senior);
            var data = new KpiTestData(host);
            var ids = new Guid[accounts.Length];
            for (var a = 0; a < accounts.Length; a++)
            {
                ids[a] = (await data.AccountAsync(accounts[a].Junior ? junior : senior, $"a{a}")).Id;
                for (var m = 0; m < Months; m++)
                {
                    if (accounts[a].Revenue[m] != 0)
                    {
                        data.Line($"a{a}", $"{year}-{m + 1:00}-15", accounts[a].Revenue[m]);
                    }
                }
            }
            if (accounts.Any(a => a.Revenue.Any(r => r != 0)))
            {
                await data.ImportAsync();
            }
            var (from, to) = ($"{year}-01", $"{year}-{Months:00}");

            var company = await host.KpisAsync("company", from, to);
            var team = await host.KpisAsync($"team:{senior.Email}", from, to);
            var perAccount = new List<IReadOnlyList<KpiPeriodResult>>();
            foreach (var id in ids)
            {
                perAccount.Add(await host.KpisAsync($"account:{id}", from, to));
            }

            for (var m = 0; m < Months; m++)
            {
                // By hand: the months before the range are empty, so January has no cohort.
                var rows = accounts.Select((a, i) => new AccountRevenue(
                    ids[i],
                    m == 0 ? 0 : a.Revenue[m - 1],
                    a.Revenue[m],
                    a.Revenue.Take(Math.Max(m - 1, 0)).Any(r => r > 0))).ToArray();
                var expected = KpiSnapshot.Compute(Period.OfMonth(year, m + 1), rows);
                var customers = perAccount.Select(p => p[m].Snapshot.Customers).Aggregate(default(CustomerRetention), (x, y) => x + y);
                var revenue = perAccount.Select(p => p[m].Snapshot.RevenueRetention).Aggregate(default(RevenueRetention), (x, y) => x + y);

                foreach (var scope in new[] { company[m].Snapshot, team[m].Snapshot })
                {
                    Assert.Equal(expected.Customers, scope.Customers);
                    Assert.Equal(expected.RevenueRetention, scope.RevenueRetention);
                    Assert.Equal(expected.NetRevenue, scope.NetRevenue);
                    Assert.Equal(customers, scope.Customers);
                    Assert.Equal(revenue, scope.RevenueRetention);
                    Assert.Equal(perAccount.Sum(p => p[m].Snapshot.NetRevenue), scope.NetRevenue);
                    if (scope.Grr is { } grr)
                    {
                        Assert.True(grr <= scope.Nrr, $"GRR {grr} > NRR {scope.Nrr}");
                        Assert.InRange(grr, 0m, 1m);
                        Assert.Equal(1m, scope.RetentionRate + scope.LogoChurnRate);
                    }
                    else
                    {
                        Assert.Null(scope.RetentionRate);
                        Assert.Null(scope.Nrr);
                    }
                }
            }
        }, iter: 8, threads: 1);
    }
}
