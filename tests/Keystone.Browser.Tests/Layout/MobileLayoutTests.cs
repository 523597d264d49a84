using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accounts;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Layout;

[Collection(SiteCollection.Name)]
public sealed class MobileLayoutTests(KeystoneSite site)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task On_a_phone_the_list_and_an_account_fit_the_width_and_the_menu_opens_the_navigation()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Vereinigte Nordseewerke Holding"),
            LegalName = "Vereinigte Nordseewerke Holding Aktiengesellschaft & Co. KGaA",
            Industry = "Shipbuilding and offshore engineering",
            Country = "DE",
            Website = "https://www.vereinigte-nordseewerke-holding.example/unternehmen/standorte",
            Tier = "standard", // Other tiers are the head of KAM's to set (ADR 0006).
        }));
        await using var context = await site.NewContextAsync(PhoneWidth, PhoneHeight);
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        var layout = new AppLayout(page);

        var list = new AccountsPage(page);
        await list.GotoAsync();
        await Expect(list.AccountLink(account.Name)).ToBeVisibleAsync();
        await Expect(layout.Navigation).ToBeHiddenAsync();
        await AssertNoHorizontalScrollingAsync(page);

        await list.AccountLink(account.Name).ClickAsync();
        var accountPage = new AccountPage(page);
        await accountPage.WaitUntilReadyAsync();
        await Expect(accountPage.HistoryEntries).ToHaveCountAsync(1);
        await AssertNoHorizontalScrollingAsync(page);

        await layout.MenuButton.ClickAsync();
        await layout.NavLink("Accounts").ClickAsync();
        await list.WaitUntilReadyAsync();
        await Expect(list.AccountLink(account.Name)).ToBeVisibleAsync();
    }

    private static async Task AssertNoHorizontalScrollingAsync(IPage page)
    {
        // A pixel of rounding is not a scroll bar.
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= PhoneWidth + 1, $"{page.Url} is {width} px wide on a {PhoneWidth} px screen: the page scrolls sideways.");
    }
}
