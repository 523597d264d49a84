using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Accounts;

[Collection(SiteCollection.Name)]
public sealed class TierRequestPagesTests(KeystoneSite site)
{
    [Fact]
    public async Task A_kam_asks_for_a_promotion_the_head_of_kam_approves_it_and_the_account_page_shows_the_new_tier()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput { Name = Unique.Name("Corvid Mining"), Country = "CL" }));

        await using (var context = await site.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await new LoginPage(page).SignInAsAsync(kam);
            var accountPage = new AccountPage(page);
            await accountPage.GotoAsync(account.Id);
            await Expect(accountPage.Tier).ToHaveTextAsync("Standard");

            var panel = new TierRequestPanel(page);
            await panel.RequestButton.ClickAsync();
            await panel.ChooseTierAsync("Key account");
            await panel.Reason.FillAsync("Their copper expansion triples our volume next year.");
            await panel.SubmitButton.ClickAsync();

            await Expect(panel.Pending).ToContainTextAsync("promotion to key account");
            await Expect(panel.Pending).ToContainTextAsync("copper expansion");
            await Expect(panel.RequestButton).ToHaveCountAsync(0);
            await AxeWhenSettledAsync(page);
        }

        await using (var context = await site.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await new LoginPage(page).SignInAsAsync(head);
            await page.GetByRole(AriaRole.Link, new() { Name = "Tier requests", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tier-requests$"));
            await BlazorCircuit.WaitUntilInteractiveAsync(page);
            var row = page.GetByTestId("tier-request-table").GetByRole(AriaRole.Row).Filter(new() { HasText = account.Name });
            await Expect(row).ToContainTextAsync("Sam Senior");
            await Expect(row).ToContainTextAsync("copper expansion");
            await AxeWhenSettledAsync(page);

            await row.GetByTestId("approve-tier-request").ClickAsync();
            var dialog = page.GetByTestId("tier-decision-dialog");
            await dialog.GetByRole(AriaRole.Textbox).FillAsync("Agreed: the volume is signed.");
            await page.GetByTestId("tier-decision-confirm").ClickAsync();
            await Expect(row).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Link, new() { Name = "Team", Exact = true }).ClickAsync();
            await BlazorCircuit.WaitUntilInteractiveAsync(page);
            await Expect(page.GetByTestId("team-table")).ToContainTextAsync("Sam Senior");
            await AxeWhenSettledAsync(page);
        }

        await using (var context = await site.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await new LoginPage(page).SignInAsAsync(kam);
            var accountPage = new AccountPage(page);
            await accountPage.GotoAsync(account.Id);
            await Expect(accountPage.Tier).ToHaveTextAsync("Key account");
            var panel = new TierRequestPanel(page);
            await Expect(panel.History).ToContainTextAsync("Approved");
            await Expect(panel.History).ToContainTextAsync("Agreed: the volume is signed.");
            await Expect(AccountPage.HistoryChange(accountPage.HistoryEntries.First, "Tier")).ToContainTextAsync("Key account");
            await AxeWhenSettledAsync(page);
        }
    }

    // A snackbar fades in: axe must see its final colours, not a frame of the animation.
    private static async Task AxeWhenSettledAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }
}

/// <summary>The tier requests panel of the account page and its request dialog.</summary>
public sealed class TierRequestPanel(IPage page)
{
    public ILocator RequestButton => page.GetByTestId("request-tier-change");

    public ILocator Pending => page.GetByTestId("pending-tier-request");

    public ILocator History => page.GetByTestId("tier-request-history");

    public ILocator Reason => page.GetByRole(AriaRole.Textbox, new() { Name = "Reason" });

    public ILocator SubmitButton => page.GetByTestId("tier-request-submit");

    public async Task ChooseTierAsync(string tier)
    {
        var dialog = page.GetByTestId("tier-request-dialog");
        await dialog.GetByText(tier, new() { Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = tier, Exact = true })).ToBeCheckedAsync();
    }
}
