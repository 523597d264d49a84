using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Accounts;

/// <summary>The account list at <c>/accounts</c>: search, filters and a table of the accounts one can see.</summary>
public sealed class AccountsPage(IPage page)
{
    public const string Path = "/accounts";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Accounts", Level = 1 });

    public ILocator NewAccountButton => page.GetByTestId("new-account");

    public ILocator Search => page.GetByRole(AriaRole.Textbox, new() { Name = "Search accounts", Exact = true });

    public ILocator Table => page.GetByRole(AriaRole.Table, new() { Name = "Accounts", Exact = true });

    public ILocator AccountLinks => Table.GetByTestId("account-link");

    public ILocator AccountLink(string name) => Table.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public async Task GotoAsync()
    {
        await page.GotoAsync(Path);
        await WaitUntilReadyAsync();
    }

    public async Task WaitUntilReadyAsync()
    {
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task SearchAsync(string text) => await Search.FillAsync(text);
}
