using CsCheck;
using Keystone.Core.Kpis;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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
    // Per account and product (two of one category, one without) and month: the net quantity sold, returns included.
    private static readonly Gen<int[][][]> Purchases =
        Gen.Frequency((3, Gen.Const(0)), (1, Gen.Const(-1)), (2, Gen.Int[1, 2])).Array[Months].Array[3].Array[1, 4];

    [Theory, AllDatabases]
    public async Task Additional_offerings_count_each_account_and_offering_in_its_first_month_above_zero_after_the_account_was_active(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var products = new[] { "c1", "c2", "p3" };
        await Purchases.SampleAsync(async accounts =>
        {
            // Years of their own, apart from the other test's (the class's database is shared).
            var year = Interlocked.Increment(ref _year) + 300;
            var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
            var data = new KpiTestData(host);
            for (var a = 0; a < accounts.Length; a++)
            {
                await data.AccountAsync(senior, $"o{a}");
                for (var p = 0; p < products.Length; p++)
                {
                    for (var m = 0; m < Months; m++)
                    {
                        if (accounts[a][p][m] is var q and not 0)
                        {
                            data.Line($"o{a}", $"{year}-{m + 1:00}-{10 + p}", 10 * q, product: products[p], quantity: Math.Abs(q));
                        }
                    }
                }
            }
            if (!accounts.Any(a => a.Any(p => p.Any(q => q != 0))))
            {
                return;
            }
            await data.ImportAsync();
            // c1 and c2 are one offering, the category; p3 is its own. A category changed with the revenue revision (ADR 0012).
            await host.AsSystemAsync(async db =>
            {
                await db.Products.Where(p => p.Code == data.Tag + "-c1" || p.Code == data.Tag + "-c2")
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Category, "Category " + data.Tag));
                await RevenueRevision.BumpAsync(db);
            });
            var (from, to) = ($"{year}-01", $"{year}-{Months:00}");

            var company = await host.KpisAsync("company", from, to);
            var team = await host.KpisAsync($"team:{senior.Email}", from, to);

            for (var m = 0; m < Months; m++)
            {
                var expected = 0;
                foreach (var account in accounts)
                {
                    var activeBefore = Enumerable.Range(0, m).Any(k => account.Sum(p => p[k]) > 0);
                    foreach (var offering in new[] { new[] { account[0], account[1] }, new[] { account[2] } })
                    {
                        int Net(int month) => offering.Sum(p => p[month]);
                        if (activeBefore && Net(m) > 0 && Enumerable.Range(0, m).All(k => Net(k) <= 0))
                        {
                            expected++;
                        }
                    }
                }
                Assert.Equal(expected, team[m].Snapshot.AdditionalOfferings);
                Assert.Equal(expected, company[m].Snapshot.AdditionalOfferings);
            }
        }, iter: 8, threads: 1);
    }
}
