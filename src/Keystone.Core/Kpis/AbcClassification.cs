using System.Text.Json.Serialization;

namespace Keystone.Core.Kpis;

[JsonConverter(typeof(JsonStringEnumConverter<AbcClass>))]
public enum AbcClass
{
    A,
    B,
    C,
}

/// <summary>The cut-offs of the ABC classes, as fractions of revenue (settings; KPIS.md, "Portfolio classification").</summary>
/// <param name="A">An account is A while the share ranked before it is below this (default 0.80).</param>
/// <param name="B">An account is B while the share ranked before it is below this (default 0.95).</param>
public readonly record struct AbcThresholds(decimal A, decimal B)
{
    public static AbcThresholds Default { get; } = new(0.80m, 0.95m);

    /// <exception cref="ArgumentOutOfRangeException">The cut-offs are not <c>0 ≤ A ≤ B ≤ 1</c>.</exception>
    public void Validate()
    {
        if (A < 0 || A > B || B > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AbcThresholds), $"ABC cut-offs must satisfy 0 ≤ A ≤ B ≤ 1 (as fractions, 0.80 for 80 %); got A = {A}, B = {B}.");
        }
    }
}

/// <summary>An account's trailing-12-month net revenue, the input of the ABC ranking.</summary>
public readonly record struct AccountAmount(Guid AccountId, decimal Amount);

/// <summary>One account's place in the ABC ranking.</summary>
/// <param name="Rank">1 for the highest revenue; accounts with no positive revenue are ranked last, in the same order.</param>
/// <param name="ShareBefore">
/// <c>c</c>: the share of the total positive revenue earned by the accounts ranked before this one;
/// null for an account with no positive revenue, which is C whatever its place.
/// </param>
public readonly record struct AbcRanking(Guid AccountId, decimal Revenue, int Rank, decimal? ShareBefore, AbcClass Class);

/// <summary>
/// ABC (Pareto) classes (KPIS.md, "Portfolio classification"): rank accounts by net revenue over the
/// trailing 12 months, highest first, ties by account id; with <c>c</c> the cumulative share ranked
/// before an account, <c>c &lt; A</c> → A, <c>c &lt; B</c> → B, else C; no positive revenue → C.
/// </summary>
/// <remarks>
/// "Share of all accounts" is read as the share of the total <em>positive</em> revenue, the sum over
/// accounts with revenue greater than 0. Those are exactly the accounts that can be A or B, and they are
/// all ranked before the others, so <c>c</c> runs from 0 (the first account is always A) towards 1.
/// Taking the total over all accounts instead would let credit notes of an account that is C anyway
/// shrink the total and push <c>c</c> past 100 %, reshuffling everyone else's class.
/// Ties are broken by <see cref="Guid.CompareTo(Guid)"/>, which orders ids as their text does.
/// </remarks>
public static class AbcClassification
{
    public static AbcRanking[] Classify(ReadOnlySpan<AccountAmount> accounts) => Classify(accounts, AbcThresholds.Default);

    /// <summary>The ranking of every account, highest revenue first.</summary>
    public static AbcRanking[] Classify(ReadOnlySpan<AccountAmount> accounts, AbcThresholds thresholds)
    {
        thresholds.Validate();
        var ranked = accounts.ToArray();
        Array.Sort(ranked, static (x, y) =>
        {
            var byAmount = y.Amount.CompareTo(x.Amount);
            return byAmount != 0 ? byAmount : x.AccountId.CompareTo(y.AccountId);
        });

        decimal positiveTotal = 0;
        foreach (var account in ranked)
        {
            if (account.Amount > 0)
            {
                positiveTotal += account.Amount;
            }
        }

        // The class compares the running sum with threshold × total rather than a divided share, so an
        // account exactly on a cut-off is never moved by the rounding of a division.
        var aLimit = thresholds.A * positiveTotal;
        var bLimit = thresholds.B * positiveTotal;
        var result = new AbcRanking[ranked.Length];
        decimal before = 0;
        for (var i = 0; i < ranked.Length; i++)
        {
            var (accountId, amount) = ranked[i];
            if (amount <= 0)
            {
                result[i] = new(accountId, amount, i + 1, null, AbcClass.C);
                continue;
            }
            var @class = before < aLimit ? AbcClass.A : before < bLimit ? AbcClass.B : AbcClass.C;
            result[i] = new(accountId, amount, i + 1, before / positiveTotal, @class);
            before += amount;
        }
        return result;
    }
}
