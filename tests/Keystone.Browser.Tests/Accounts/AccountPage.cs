using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Accounts;

/// <summary>One account at <c>/accounts/{id}</c>: its details, team, contacts and history.</summary>
public sealed partial class AccountPage(IPage page)
{
    public ILocator Name => page.GetByTestId("account-name");

    public ILocator Tier => page.GetByTestId("tier-chip");

    public ILocator Owner => page.GetByTestId("account-owner");

    public ILocator Team => page.GetByTestId("account-team");

    public ILocator EditButton => page.GetByTestId("edit-account");

    public ILocator History => page.GetByTestId("account-history");

    /// <summary>Newest first.</summary>
    public ILocator HistoryEntries => History.GetByTestId("history-entry");

    /// <summary>The line of a history entry that tells how <paramref name="field"/> changed.</summary>
    public static ILocator HistoryChange(ILocator entry, string field) =>
        entry.GetByRole(AriaRole.Listitem).Filter(new() { HasTextRegex = new Regex($@"^\s*{Regex.Escape(field)}:") });

    /// <summary>The value shown for a term of the details list, such as "Industry".</summary>
    public ILocator Detail(string term) =>
        page.Locator("dl.details > dt")
            .Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(term)}$") })
            .Locator("xpath=following-sibling::dd[1]");

    /// <summary>The id of the account shown, read from the address.</summary>
    public Guid Id
    {
        get
        {
            var match = UrlPattern().Match(page.Url);
            return match.Success ? Guid.Parse(match.Groups["id"].Value) : throw new InvalidOperationException($"{page.Url} is not an account page.");
        }
    }

    public async Task GotoAsync(Guid accountId)
    {
        await page.GotoAsync($"/accounts/{accountId}");
        await WaitUntilReadyAsync();
    }

    public async Task WaitUntilReadyAsync()
    {
        await Expect(page).ToHaveURLAsync(UrlPattern());
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Name).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/accounts/(?<id>[0-9a-fA-F-]{36})$")]
    public static partial Regex UrlPattern();
}
