using CsCheck;
using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

/// <summary>
/// ABC classes. The share <c>c</c> is taken of the total <em>positive</em> revenue (see
/// <see cref="AbcClassification"/>): accounts with no positive revenue are C and do not shrink the total.
/// </summary>
public sealed class AbcClassificationTests
{
    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    // Positive revenue 1,000 in all; accounts 4 and 5 tie, and are given in the "wrong" order.
    private static readonly AccountAmount[] Portfolio =
    [
        new(Id(7), -200m),
        new(Id(5), 50m),
        new(Id(3), 100m),
        new(Id(1), 500m),
        new(Id(6), 0m),
        new(Id(4), 50m),
        new(Id(2), 300m),
    ];

    [Fact]
    public void Ranks_by_revenue_with_ties_by_id_and_classes_by_the_share_ranked_before()
    {
        var ranking = AbcClassification.Classify(Portfolio);

        Assert.Equal([Id(1), Id(2), Id(3), Id(4), Id(5), Id(6), Id(7)], ranking.Select(r => r.AccountId));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], ranking.Select(r => r.Rank));
        Assert.Equal([0m, 0.5m, 0.8m, 0.9m, 0.95m, null, null], ranking.Select(r => r.ShareBefore));
        // c = 0.80 is not below 0.80: B. c = 0.95 is not below 0.95: C. The tie splits by id.
        Assert.Equal([AbcClass.A, AbcClass.A, AbcClass.B, AbcClass.B, AbcClass.C, AbcClass.C, AbcClass.C], ranking.Select(r => r.Class));
    }

    [Fact]
    public void A_credit_note_of_an_account_that_is_c_anyway_does_not_move_the_others()
    {
        // Taking the share of the net total (1,000 − 200 = 800) would give account 3 c = 800 / 800 = 100 %
        // and make it C; of the positive total it is 80 %, a B, as it is without account 7.
        var withCredit = AbcClassification.Classify(Portfolio);
        var without = AbcClassification.Classify(Portfolio.Where(a => a.AccountId != Id(7)).ToArray());

        Assert.Equal(AbcClass.B, withCredit.Single(r => r.AccountId == Id(3)).Class);
        Assert.Equal(
            without.Select(r => (r.AccountId, r.Class, r.ShareBefore)),
            withCredit.Where(r => r.AccountId != Id(7)).Select(r => (r.AccountId, r.Class, r.ShareBefore)));
    }

    [Fact]
    public void Thresholds_are_settings()
    {
        var ranking = AbcClassification.Classify(Portfolio, new AbcThresholds(A: 0.5m, B: 0.9m));

        Assert.Equal([AbcClass.A, AbcClass.B, AbcClass.B, AbcClass.C, AbcClass.C, AbcClass.C, AbcClass.C], ranking.Select(r => r.Class));
    }

    [Fact]
    public void With_the_highest_thresholds_every_paying_account_is_a()
    {
        var ranking = AbcClassification.Classify(Portfolio, new AbcThresholds(A: 1m, B: 1m));

        Assert.Equal([AbcClass.A, AbcClass.A, AbcClass.A, AbcClass.A, AbcClass.A, AbcClass.C, AbcClass.C], ranking.Select(r => r.Class));
    }

    [Theory]
    [InlineData(0.9, 0.8)]
    [InlineData(-0.1, 0.8)]
    [InlineData(0.8, 1.01)]
    public void Thresholds_out_of_order_or_range_are_refused(decimal a, decimal b)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AbcClassification.Classify(Portfolio, new AbcThresholds(a, b)));
    }

    [Fact]
    public void The_first_account_is_always_a_even_when_it_holds_almost_everything()
    {
        var ranking = AbcClassification.Classify([new(Id(1), 990m), new(Id(2), 9m), new(Id(3), 1m)]);

        Assert.Equal([AbcClass.A, AbcClass.C, AbcClass.C], ranking.Select(r => r.Class));
        Assert.Equal(0.99m, ranking[1].ShareBefore);
    }

    [Fact]
    public void A_portfolio_without_positive_revenue_is_all_c()
    {
        var ranking = AbcClassification.Classify([new(Id(2), 0m), new(Id(1), -5m), new(Id(3), 0m)]);

        Assert.Equal([Id(2), Id(3), Id(1)], ranking.Select(r => r.AccountId));
        Assert.All(ranking, r => Assert.Equal(AbcClass.C, r.Class));
        Assert.All(ranking, r => Assert.Null(r.ShareBefore));
        Assert.Empty(AbcClassification.Classify([]));
    }

    [Fact]
    public void Classes_never_improve_down_the_ranking()
    {
        var amount = Gen.Frequency<decimal>((1, Gen.Const(0m)), (1, Gen.Int[-1_000, -1].Select(c => c / 100m)), (6, Gen.Int[1, 100_000].Select(c => c / 100m)));
        var portfolio = Gen.Select(Gen.Guid, amount, (id, revenue) => new AccountAmount(id, revenue)).Array[0, 30];

        portfolio.Sample(accounts =>
        {
            var ranking = AbcClassification.Classify(accounts);

            Assert.Equal(accounts.Length, ranking.Length);
            for (var i = 1; i < ranking.Length; i++)
            {
                Assert.True(ranking[i - 1].Class <= ranking[i].Class);
                Assert.True(ranking[i - 1].Revenue >= ranking[i].Revenue);
            }
            Assert.All(ranking.Where(r => r.Revenue <= 0), r => Assert.Equal(AbcClass.C, r.Class));
            if (ranking.Length > 0 && ranking[0].Revenue > 0)
            {
                Assert.Equal(AbcClass.A, ranking[0].Class);
            }
        }, iter: 300);
    }
}
