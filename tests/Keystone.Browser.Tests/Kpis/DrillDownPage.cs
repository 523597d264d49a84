using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Kpis;

/// <summary>The drill-down at <c>/kpis/drill-down</c>: a level's tiles, one linked row per scope one level down, breadcrumbs up.</summary>
public sealed class DrillDownPage(IPage page)
{
    public const string Path = "/kpis/drill-down";

    public ILocator Title => page.GetByTestId("drill-title");

    public ILocator Breadcrumbs => page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumbs" });

    public ILocator Table => page.GetByTestId("drill-table");

    public ILocator Tile(string key) => page.GetByTestId($"kpi-tile-{key}").GetByTestId("kpi-tile-value");

    public async Task GotoAsync(string at)
    {
        await page.GotoAsync($"{Path}?at={at}");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Title).ToBeVisibleAsync();
    }

    /// <summary>Opens the level of the row whose name holds <paramref name="name"/>.</summary>
    public async Task OpenRowAsync(string name)
    {
        await Table.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(Title).ToContainTextAsync(name);
    }

    /// <summary>Goes back up to the level named <paramref name="name"/>.</summary>
    public async Task UpToAsync(string name)
    {
        await Breadcrumbs.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(Title).ToHaveTextAsync(name);
    }
}
