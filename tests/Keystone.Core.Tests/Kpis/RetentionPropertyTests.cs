using CsCheck;
using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

/// <summary>Laws that hold for any revenue, checked over random scopes (a few hundred each, well under a second).</summary>
public sealed class RetentionPropertyTests
{
    private const int Iterations = 400;

    // Whole cents; many zeros, some credit notes, and amounts spread over eight orders of magnitude.
    private static readonly Gen<decimal> Amount = Gen.Frequency<decimal>(
        (3, Gen.Const(0m)),
        (1, Gen.Int[-100_000, -1].Select(cents => cents / 100m)),
        (6, Gen.Int[1, 1_000_000_000].Select(cents => cents / 100m)));

    private static readonly Gen<AccountRevenue> Account =
        Gen.Select(Gen.Guid, Amount, Amount, Gen.Bool, (id, previous, current, before) => new AccountRevenue(id, previous, current, before));

    private static readonly Gen<AccountRevenue[]> Scope = Account.Array[0, 40];

    [Fact]
    public void Grr_never_exceeds_one_nor_nrr()
    {
        Scope.Sample(accounts =>
        {
            var revenue = RevenueRetention.Compute(accounts);
            if (revenue.StartingRevenue == 0)
            {
                Assert.Null(revenue.Grr);
                Assert.Null(revenue.Nrr);
                return;
            }
            Assert.InRange(revenue.Grr!.Value, 0m, 1m);
            Assert.True(revenue.Grr <= revenue.Nrr, $"GRR {revenue.Grr} > NRR {revenue.Nrr}");
            Assert.True(revenue.NetRevenueChurn <= revenue.GrossRevenueChurn);
        }, iter: Iterations);
    }

    [Fact]
    public void Retention_and_churn_add_up_to_one_whenever_defined()
    {
        Scope.Sample(accounts =>
        {
            var customers = CustomerRetention.Compute(accounts);
            if (customers.Start == 0)
            {
                Assert.Null(customers.RetentionRate);
                Assert.Null(customers.ChurnRate);
                return;
            }
            Assert.Equal(1m, customers.RetentionRate + customers.ChurnRate);
            Assert.InRange(customers.RetentionRate!.Value, 0m, 1m);
        }, iter: Iterations);
    }

    [Fact]
    public void The_figures_match_the_set_definitions_of_kpis_md()
    {
        Scope.Sample(accounts =>
        {
            var before = accounts.Where(a => a.Previous > 0).Select(a => a.AccountId).ToHashSet();
            var now = accounts.Where(a => a.Current > 0).Select(a => a.AccountId).ToHashSet();
            var customers = CustomerRetention.Compute(accounts);

            Assert.Equal(before.Count, customers.Start);
            Assert.Equal(now.Count, customers.End);
            Assert.Equal(now.Except(before).Count(), customers.Arrived);
            Assert.Equal(before.Intersect(now).Count(), customers.Retained);
            Assert.Equal(before.Except(now).Count(), customers.Churned);

            var cohort = accounts.Where(a => a.Previous > 0).Select(a => (R0: a.Previous, R1: Math.Max(a.Current, 0))).ToList();
            var revenue = RevenueRetention.Compute(accounts);

            Assert.Equal(cohort.Sum(a => a.R0), revenue.StartingRevenue);
            Assert.Equal(cohort.Sum(a => Math.Min(a.R0, a.R1)), revenue.RetainedRevenue);
            Assert.Equal(cohort.Sum(a => a.R1), revenue.EndingRevenue);
            Assert.Equal(cohort.Where(a => a.R1 == 0).Sum(a => a.R0), revenue.Churned);
            Assert.Equal(cohort.Where(a => a.R1 > 0 && a.R1 < a.R0).Sum(a => a.R0 - a.R1), revenue.Contraction);
            Assert.Equal(cohort.Where(a => a.R1 > a.R0).Sum(a => a.R1 - a.R0), revenue.Expansion);
        }, iter: Iterations);
    }

    [Fact]
    public void A_company_is_the_sum_of_any_partition_of_its_accounts_into_scopes()
    {
        Gen.Select(Account, Gen.Int[0, 4]).Array[0, 40].Sample(assigned =>
        {
            var company = assigned.Select(a => a.Item1).ToArray();
            CustomerRetention customers = default;
            RevenueRetention revenue = default;
            foreach (var scope in assigned.GroupBy(a => a.Item2, a => a.Item1))
            {
                var accounts = scope.ToArray();
                customers += CustomerRetention.Compute(accounts);
                revenue += RevenueRetention.Compute(accounts);
            }

            var whole = CustomerRetention.Compute(company);
            Assert.Equal(whole, customers);
            Assert.Equal(whole.Start, customers.Start);
            Assert.Equal(whole.End, customers.End);

            var wholeRevenue = RevenueRetention.Compute(company);
            Assert.Equal(wholeRevenue.StartingRevenue, revenue.StartingRevenue);
            Assert.Equal(wholeRevenue.RetainedRevenue, revenue.RetainedRevenue);
            Assert.Equal(wholeRevenue.EndingRevenue, revenue.EndingRevenue);
            Assert.Equal(wholeRevenue.Grr, revenue.Grr);
            Assert.Equal(wholeRevenue.Nrr, revenue.Nrr);
        }, iter: Iterations);
    }
}
