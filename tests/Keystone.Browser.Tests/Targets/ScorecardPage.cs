using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Targets;

/// <summary>A KAM's scorecard at <c>/scorecards/{id}</c> (<c>/scorecard</c> for one's own): targets, attainment and payout of a period.</summary>
public sealed class ScorecardPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Period => page.GetByRole(AriaRole.Textbox, new() { Name = "Period", Exact = true });

    public ILocator ShowButton => page.GetByTestId("scorecard-show");

    public ILocator Attainment => page.GetByRole(AriaRole.Table, new() { Name = "Targets, actuals and attainment per metric", Exact = true });

    public ILocator SetTargetForm => page.GetByTestId("scorecard-set-target");

    public ILocator Value => page.GetByRole(AriaRole.Textbox, new() { Name = "Value", Exact = true });

    public ILocator SaveButton => page.GetByTestId("target-save");

    public ILocator Status => page.GetByTestId("target-status");

    public ILocator TargetOf(string metric) => page.GetByTestId($"target-{metric}");

    public ILocator ActualOf(string metric) => page.GetByTestId($"actual-{metric}");

    public ILocator AttainmentOf(string metric) => page.GetByTestId($"attainment-{metric}");

    public async Task GotoAsync(Guid userId, string period)
    {
        await page.GotoAsync($"/scorecards/{userId}?period={Uri.EscapeDataString(period)}");
        await WaitAsync();
    }

    /// <summary>Opens one's own scorecard from the navigation menu.</summary>
    public async Task OpenFromMenuAsync()
    {
        await page.GotoAsync("/");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "My scorecard" }).ClickAsync();
        await WaitAsync();
    }

    public async Task ShowAsync(string period)
    {
        await Period.FillAsync(period);
        await ShowButton.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Targets and attainment · {period}" })).ToBeVisibleAsync();
    }

    /// <summary>Sets the target of the metric chosen (revenue unless changed) to <paramref name="value"/>.</summary>
    public async Task SetTargetAsync(string value)
    {
        await Value.FillAsync(value);
        await SaveButton.ClickAsync();
        await Expect(Status).ToContainTextAsync("Saved");
    }

    private async Task WaitAsync()
    {
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Heading).ToContainTextAsync("Scorecard");
        await Expect(Attainment).ToBeVisibleAsync();
    }
}
