using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Portfolio;

/// <summary>The portfolio page at <c>/portfolio</c>: the selection matrix as a bubble chart and a table.</summary>
public sealed class PortfolioPage(IPage page)
{
    public const string Path = "/portfolio";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Portfolio", Level = 1 });

    public ILocator Chart => page.GetByTestId("selection-matrix");

    public ILocator Table => page.GetByTestId("portfolio-table");

    public ILocator Bubble(Guid accountId) => page.Locator($"[data-testid=matrix-bubble][data-account-id='{accountId}']");

    public ILocator Row(Guid accountId) => page.Locator($"[data-testid=portfolio-row][data-account-id='{accountId}']");

    public async Task GotoAsync()
    {
        await page.GotoAsync(Path);
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Heading).ToBeVisibleAsync();
    }
}
