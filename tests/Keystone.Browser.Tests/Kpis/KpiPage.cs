using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Kpis;

/// <summary>The KPI page at <c>/kpis</c>: a scope and range, headline tiles, a table per period and its downloads.</summary>
public sealed class KpiPage(IPage page)
{
    public const string Path = "/kpis";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "KPIs", Level = 1 });

    public ILocator Scope => Choice("Scope");

    public ILocator From => page.GetByRole(AriaRole.Textbox, new() { Name = "From", Exact = true });

    public ILocator To => page.GetByRole(AriaRole.Textbox, new() { Name = "To", Exact = true });

    public ILocator ShowButton => page.GetByTestId("kpi-show");

    public ILocator CsvButton => page.GetByTestId("kpi-export-csv");

    public ILocator XlsxButton => page.GetByTestId("kpi-export-xlsx");

    public ILocator Headline => page.GetByTestId("kpi-headline");

    public ILocator Error => page.GetByTestId("kpi-error");

    public ILocator EmptyState => page.GetByTestId("kpi-empty");

    public ILocator Table => page.GetByRole(AriaRole.Table, new() { Name = "KPIs per period", Exact = true });

    public ILocator Options => page.GetByRole(AriaRole.Option);

    public ILocator Tile(string key) => page.GetByTestId($"kpi-tile-{key}").GetByTestId("kpi-tile-value");

    public async Task GotoAsync()
    {
        await page.GotoAsync(Path);
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Heading).ToBeVisibleAsync();
    }

    /// <summary>Asks for the months from <paramref name="from"/> to <paramref name="to"/> of the scope chosen.</summary>
    public async Task ShowMonthsAsync(string from, string to)
    {
        await From.FillAsync(from);
        await To.FillAsync(to);
        await ShowButton.ClickAsync();
        await Expect(Headline).ToContainTextAsync(to);
    }

    public async Task ChooseScopeAsync(string name)
    {
        await Scope.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(Scope).ToHaveValueAsync(name);
    }

    /// <summary>Downloads the table as CSV and returns its lines.</summary>
    public async Task<string[]> DownloadCsvAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => CsvButton.ClickAsync());
        var path = await download.PathAsync();
        return (await File.ReadAllTextAsync(path)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private ILocator Choice(string label) =>
        page.GetByRole(AriaRole.Combobox, new() { NameRegex = new Regex($"^{Regex.Escape(label)}\\*?$") });
}
