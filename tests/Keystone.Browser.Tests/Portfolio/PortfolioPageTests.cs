using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Portfolio;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Portfolio;

[Collection(SiteCollection.Name)]
public sealed class PortfolioPageTests(KeystoneSite site)
{
    [Fact]
    public async Task A_kam_opens_the_matrix_clicks_a_bubble_and_lands_on_its_account()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Jo Junior");
        var star = await ScoredAccountAsync(kam, "Star", attractiveness: 8, strength: 3, availableSales: 1_200_000m);
        var strategic = await ScoredAccountAsync(kam, "Strategic", attractiveness: 8, strength: 8, availableSales: 300_000m);
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        var portfolio = new PortfolioPage(page);

        await portfolio.GotoAsync();

        await Expect(portfolio.Bubble(star.Id)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^" + star.Name + ": Star, attractiveness 8.0, strength 3.0"));
        await Expect(portfolio.Bubble(strategic.Id)).ToBeVisibleAsync();
        await Expect(portfolio.Chart).ToContainTextAsync("3y: 1.2M EUR");
        await Expect(portfolio.Row(star.Id).GetByTestId("portfolio-quadrant")).ToHaveTextAsync("Star");
        await Expect(portfolio.Row(strategic.Id).GetByTestId("portfolio-quadrant")).ToHaveTextAsync("Strategic");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        // The bubble is a link a keyboard reaches too.
        await portfolio.Bubble(star.Id).FocusAsync();
        await Expect(portfolio.Bubble(star.Id)).ToBeFocusedAsync();
        await portfolio.Bubble(star.Id).Locator("circle").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/accounts/{star.Id}$"));
        await Expect(page.GetByTestId("account-name")).ToHaveTextAsync(star.Name);
        await Expect(page.GetByTestId("selection-quadrant")).ToHaveTextAsync("Star");
        await Expect(page.GetByTestId("selection-history-entry")).ToHaveCountAsync(1);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        // Scoring on the account page: strength 3 → product 10 adds 25 × 7 / 100 = 1.75, so 4.75, still a Star.
        await page.GetByTestId("selection-score").ClickAsync();
        await Expect(page.GetByTestId("selection-form")).ToBeVisibleAsync();
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
        await page.Locator("[data-testid=score-product] input, input[data-testid=score-product]").FillAsync("10");
        await page.Locator("[data-testid=reason-product] input, input[data-testid=reason-product]").FillAsync("New service contract signed");
        await page.GetByTestId("selection-save").ClickAsync();
        await Expect(page.GetByTestId("selection-saved")).ToContainTextAsync("Star");
        await Expect(page.GetByTestId("selection-strength")).ToContainTextAsync("4.8");
        await Expect(page.GetByTestId("selection-history-entry")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("selection-history-entry").First).ToContainTextAsync("New service contract signed");
    }

    [Fact]
    public async Task A_score_saved_by_someone_else_meanwhile_is_a_conflict_and_nothing_typed_is_lost()
    {
        var senior = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var junior = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Jo Junior", senior);
        var account = await ScoredAccountAsync(junior, "Contested", attractiveness: 8, strength: 3, availableSales: 100_000m);
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(junior);
        await page.GotoAsync($"/accounts/{account.Id}");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await page.GetByTestId("selection-score").ClickAsync();
        var product = page.Locator("[data-testid=score-product] input, input[data-testid=score-product]");
        await product.FillAsync("9");
        await page.Locator("[data-testid=reason-product] input, input[data-testid=reason-product]").FillAsync("Their quality audit went well");

        // The senior scores the same account while the junior is typing.
        var options = site.Services.GetRequiredService<IOptions<SelectionMatrixOptions>>().Value;
        var revenue = site.Services.GetRequiredService<IOptions<RevenueOptions>>().Value;
        await site.RunAsAsync(senior, db => ScoreAccount.HandleAsync(db, options, revenue, account.Id, 1,
            new SelectionInput { Scores = new List<ScoreInput> { new("price", 5, "Price list renegotiated") } }));

        await page.GetByTestId("selection-save").ClickAsync();
        await Expect(page.GetByTestId("selection-conflict")).ToContainTextAsync("Someone else scored this account");
        await Expect(product).ToHaveValueAsync("9");

        await page.GetByTestId("selection-overwrite").ClickAsync();
        await Expect(page.GetByTestId("selection-saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("selection-history-entry")).ToHaveCountAsync(3);
    }

    /// <summary>An account of <paramref name="owner"/> scored by them: every attractiveness criterion at one score, every strength criterion at another.</summary>
    private async Task<AccountDetails> ScoredAccountAsync(TestUser owner, string name, int attractiveness, int strength, decimal availableSales)
    {
        var options = site.Services.GetRequiredService<IOptions<SelectionMatrixOptions>>().Value;
        var revenue = site.Services.GetRequiredService<IOptions<RevenueOptions>>().Value;
        var account = await site.RunAsAsync(owner, db => CreateAccount.HandleAsync(db, new AccountInput { Name = Unique.Name(name) }));
        await site.RunAsAsync(owner, db => ScoreAccount.HandleAsync(db, options, revenue, account.Id, 0, new SelectionInput
        {
            RelationshipStage = "cooperative",
            AvailableSales = availableSales,
            Scores = options.ScoredCriteria
                .Select(c => new ScoreInput(c.Key, c.Axis == SelectionAxis.Attractiveness ? attractiveness : strength, "Agreed in the account review"))
                .ToList(),
        }));
        return account;
    }
}
