using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Kpis;

[Collection(SiteCollection.Name)]
public sealed class DrillDownPageTests(KeystoneSite site)
{
    [Fact]
    public async Task A_head_of_kam_drills_down_from_a_team_to_a_kam_to_an_account_and_back_up()
    {
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, Unique.Name("Hana Head"));
        var senior = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Sam Senior"), head);
        var junior = await site.CreateUserAsync(KeystoneRole.JuniorKam, Unique.Name("Jo Junior"), senior);
        var invoices = new KpiPageTests.Invoices(site);
        // Months no other test invoices in.
        invoices.Account(senior, "s1").Account(junior, "j1")
            .Line("s1", "2004-07-10", 100).Line("s1", "2004-08-10", 150)
            .Line("j1", "2004-07-10", 100).Line("j1", "2004-08-10", 40);
        await invoices.ImportAsync(head);
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(head);
        var drill = new DrillDownPage(page);

        await drill.GotoAsync("2004-08");
        await Expect(drill.Title).ToHaveTextAsync("Company");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        await drill.OpenRowAsync($"Team of {senior.DisplayName}");
        await Expect(drill.Tile("revenue")).ToHaveTextAsync("190.00 EUR");
        await Expect(drill.Tile("grr")).ToHaveTextAsync("70.0 %");
        await Expect(drill.Tile("nrr")).ToHaveTextAsync("95.0 %");
        await Expect(drill.Table.GetByRole(AriaRole.Link)).ToHaveCountAsync(2);

        await drill.OpenRowAsync(junior.DisplayName);
        await Expect(drill.Tile("revenue")).ToHaveTextAsync("40.00 EUR");
        await Expect(drill.Breadcrumbs).ToContainTextAsync($"Team of {senior.DisplayName}");

        await drill.OpenRowAsync("Account j1");
        await Expect(drill.Tile("grr")).ToHaveTextAsync("40.0 %");
        await Expect(drill.Breadcrumbs.GetByRole(AriaRole.Link)).ToHaveCountAsync(3);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        await drill.UpToAsync($"Team of {senior.DisplayName}");
        await Expect(drill.Tile("revenue")).ToHaveTextAsync("190.00 EUR");
    }
}

[Collection(SiteCollection.Name)]
public sealed class DashboardPagesTests(KeystoneSite site)
{
    [Fact]
    public async Task The_dashboard_ABC_and_cohort_pages_show_a_teams_figures_accessibly()
    {
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, Unique.Name("Hana Head"));
        var senior = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Sam Senior"), head);
        var junior = await site.CreateUserAsync(KeystoneRole.JuniorKam, Unique.Name("Jo Junior"), senior);
        var invoices = new KpiPageTests.Invoices(site);
        invoices.Account(senior, "s1").Account(junior, "j1").Account(junior, "j2")
            .Line("s1", "2005-07-10", 100).Line("s1", "2005-08-10", 150)
            .Line("j1", "2005-07-10", 100).Line("j1", "2005-08-10", 40)
            .Line("j2", "2005-08-10", 10);
        await invoices.ImportAsync(head);
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(head);
        var team = Uri.EscapeDataString($"team:{senior.Email}");

        await page.GotoAsync($"/kpis/dashboard?scope={team}&to=2005-08");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("kpi-tile-revenue").GetByTestId("kpi-tile-value")).ToHaveTextAsync("200.00 EUR");
        await Expect(page.GetByTestId("kpi-tile-nrr").GetByTestId("kpi-tile-value")).ToHaveTextAsync("95.0 %");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "GRR and NRR" })).ToBeVisibleAsync();
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        await page.GotoAsync($"/kpis/abc?scope={team}&to=2005-08");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        // 400 over the 12 months: s1 250 first (A), j1 140 after 250 / 400 = 62.5 % (A), j2 10 after 390 / 400 = 97.5 % (C).
        await Expect(page.GetByTestId("abc-class")).ToHaveTextAsync(["A", "A", "C"]);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        await page.GotoAsync($"/kpis/cohorts?scope={team}&from=2005-07&to=2005-08");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        // July: s1 and j1, both active in August; August: j2.
        await Expect(page.GetByTestId("cohort-cell")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("cohort-cell").Nth(1)).ToContainTextAsync("100.0 %");
        await Expect(page.GetByTestId("cohort-cell").Nth(1)).ToContainTextAsync("2 of 2");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }
}
