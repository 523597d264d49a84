using System.Runtime.InteropServices;

namespace Keystone.Core.Kpis;

/// <summary>
/// What one account did with one offering, as the additional-offerings count needs it (KPIS.md,
/// "Additional services purchased"). An offering is a product's category when it has one, else the
/// product; the caller resolves that setting and gives one row per account and offering.
/// </summary>
/// <param name="NetQuantity">The account's net quantity of the offering in <c>P</c>, returns included.</param>
/// <param name="BoughtBefore">Whether the net quantity was greater than 0 in some period before <c>P</c>, at the same granularity.</param>
/// <param name="AccountActiveBefore">Whether the account was active (net revenue &gt; 0) in some period before <c>P</c>.</param>
public readonly record struct OfferingPurchase(Guid AccountId, Guid OfferingId, decimal NetQuantity, bool BoughtBefore, bool AccountActiveBefore)
{
    /// <summary>Bought in <c>P</c> (net quantity &gt; 0).</summary>
    public bool Bought => NetQuantity > 0;

    /// <summary>
    /// Bought in <c>P</c> and in no period before, by an account that was active before <c>P</c>:
    /// for an account never active before, everything would be "additional", so it does not count.
    /// </summary>
    public bool IsAdditional => AccountActiveBefore && Bought && !BoughtBefore;
}

public static class AdditionalOfferings
{
    /// <summary>
    /// A scope's figure: the sum over its accounts of the offerings each bought for the first time in
    /// <c>P</c>, which with one row per account and offering is the number of such rows.
    /// </summary>
    public static int Count(ReadOnlySpan<OfferingPurchase> purchases)
    {
        var count = 0;
        foreach (ref readonly var purchase in purchases)
        {
            if (purchase.IsAdditional)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The figure of each account that bought at least one additional offering in <c>P</c>.</summary>
    public static Dictionary<Guid, int> CountByAccount(ReadOnlySpan<OfferingPurchase> purchases)
    {
        var counts = new Dictionary<Guid, int>();
        foreach (ref readonly var purchase in purchases)
        {
            if (purchase.IsAdditional)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, purchase.AccountId, out _)++;
            }
        }
        return counts;
    }
}
