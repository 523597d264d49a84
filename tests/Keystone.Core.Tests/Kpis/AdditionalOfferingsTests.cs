using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

public sealed class AdditionalOfferingsTests
{
    private static readonly Guid Acme = new("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Globex = new("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Newco = new("00000000-0000-0000-0000-000000000003");
    private static readonly Guid Licences = new("10000000-0000-0000-0000-000000000001");
    private static readonly Guid Support = new("10000000-0000-0000-0000-000000000002");
    private static readonly Guid Training = new("10000000-0000-0000-0000-000000000003");

    [Fact]
    public void Counts_offerings_bought_for_the_first_time_by_accounts_active_before()
    {
        OfferingPurchase[] purchases =
        [
            new(Acme, Licences, 10, BoughtBefore: true, AccountActiveBefore: true),   // bought before: not additional
            new(Acme, Support, 1, BoughtBefore: false, AccountActiveBefore: true),    // additional
            new(Acme, Training, 2, BoughtBefore: false, AccountActiveBefore: true),   // additional
            new(Globex, Support, 3, BoughtBefore: false, AccountActiveBefore: true),  // additional
            new(Globex, Training, 0, BoughtBefore: false, AccountActiveBefore: true), // net quantity 0: not bought
            new(Newco, Licences, 5, BoughtBefore: false, AccountActiveBefore: false), // a new account: everything would be additional
        ];

        Assert.Equal(3, AdditionalOfferings.Count(purchases));
        var byAccount = AdditionalOfferings.CountByAccount(purchases);
        Assert.Equal(2, byAccount[Acme]);
        Assert.Equal(1, byAccount[Globex]);
        Assert.False(byAccount.ContainsKey(Newco));
    }

    [Fact]
    public void An_offering_returned_in_full_was_not_bought()
    {
        // Delivered and credited in P: net quantity 0; credited more than delivered: negative.
        OfferingPurchase[] purchases =
        [
            new(Acme, Support, 0, BoughtBefore: false, AccountActiveBefore: true),
            new(Acme, Training, -1, BoughtBefore: false, AccountActiveBefore: true),
        ];

        Assert.Equal(0, AdditionalOfferings.Count(purchases));
        Assert.Empty(AdditionalOfferings.CountByAccount(purchases));
    }

    [Fact]
    public void A_scope_s_figure_is_the_sum_over_its_accounts()
    {
        OfferingPurchase[] acme = [new(Acme, Support, 1, false, true), new(Acme, Training, 1, false, true)];
        OfferingPurchase[] globex = [new(Globex, Support, 1, false, true)];

        Assert.Equal(AdditionalOfferings.Count(acme) + AdditionalOfferings.Count(globex), AdditionalOfferings.Count([.. acme, .. globex]));
        Assert.Equal(0, AdditionalOfferings.Count([]));
    }
}
