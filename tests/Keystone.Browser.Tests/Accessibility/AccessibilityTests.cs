using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accounts;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Accessibility;

/// <summary>axe-core on each page once it is fully rendered: no serious or critical violation.</summary>
[Collection(SiteCollection.Name)]
public sealed class AccessibilityTests(KeystoneSite site)
{
    [Fact]
    public async Task The_login_page_has_no_serious_violations()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await Expect(login.SignInButton).ToBeVisibleAsync();

        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_account_list_has_no_serious_violations()
    {
        await using var context = await site.NewContextAsync();
        var (page, account) = await SignInWithAnAccountAsync(context);
        var list = new AccountsPage(page);
        await list.GotoAsync();
        await Expect(list.AccountLink(account.Name)).ToBeVisibleAsync();

        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_account_page_has_no_serious_violations()
    {
        await using var context = await site.NewContextAsync();
        var (page, account) = await SignInWithAnAccountAsync(context);
        var accountPage = new AccountPage(page);
        await accountPage.GotoAsync(account.Id);
        await Expect(accountPage.HistoryEntries).ToHaveCountAsync(1);

        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_edit_page_has_no_serious_violations()
    {
        await using var context = await site.NewContextAsync();
        var (page, account) = await SignInWithAnAccountAsync(context);
        var form = new AccountFormPage(page);
        await form.GotoEditAsync(account.Id);
        await Expect(form.Name).ToHaveValueAsync(account.Name);

        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    private async Task<(IPage Page, AccountDetails Account)> SignInWithAnAccountAsync(IBrowserContext context)
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Lumen Optics"),
            LegalName = "Lumen Optics AG",
            Industry = "Optics",
            Country = "CH",
            Currency = "CHF",
            TimeZone = "Europe/Zurich",
            Website = "https://lumen.example",
            Tier = "standard", // Other tiers are the head of KAM's to set (ADR 0006).
        }));
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        return (page, account);
    }
}
