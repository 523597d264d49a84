using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Accounts;

/// <summary>The account form of <c>/accounts/new</c> and <c>/accounts/{id}/edit</c>, with the edit conflict alert.</summary>
public sealed class AccountFormPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Name => TextField("Name");

    public ILocator LegalName => TextField("Legal name");

    public ILocator Industry => TextField("Industry");

    public ILocator Country => TextField("Country");

    public ILocator Currency => TextField("Currency");

    public ILocator Website => TextField("Website");

    public ILocator Tier => Choice("Tier");

    public ILocator TimeZone => Choice("Time zone");

    public ILocator Owner => Choice("Owner");

    public ILocator ParentAccount => Choice("Parent account");

    public ILocator SaveButton => page.GetByTestId("save-account");

    public ILocator Conflict => page.GetByTestId("edit-conflict");

    public ILocator OverwriteButton => page.GetByTestId("conflict-overwrite");

    public ILocator ReloadButton => page.GetByTestId("conflict-reload");

    /// <summary>The row of the conflict table that compares <paramref name="field"/>: theirs, then mine.</summary>
    public ILocator ConflictRow(string field) =>
        Conflict.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = field, Exact = true }) });

    public async Task GotoEditAsync(Guid accountId)
    {
        await page.GotoAsync($"/accounts/{accountId}/edit");
        await WaitUntilReadyAsync();
    }

    /// <summary>The form renders once the circuit is up and its users are loaded; typing before would be lost.</summary>
    public async Task WaitUntilReadyAsync()
    {
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(SaveButton).ToBeEnabledAsync();
    }

    public async Task ChooseTierAsync(string tier)
    {
        await Tier.ClickAsync();
        await Option(tier).ClickAsync();
        await Expect(Tier).ToHaveValueAsync(tier);
    }

    public async Task ChooseTimeZoneAsync(string zone)
    {
        await TimeZone.ClickAsync();
        await TimeZone.PressSequentiallyAsync(zone.Split('/')[^1]);
        await Option(zone).ClickAsync();
        await Expect(TimeZone).ToHaveValueAsync(zone);
    }

    public async Task SaveAsync() => await SaveButton.ClickAsync();

    // A required field's accessible name ends in "*".
    private ILocator TextField(string label) =>
        page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex($"^{Regex.Escape(label)}\\*?$") });

    private ILocator Choice(string label) =>
        page.GetByRole(AriaRole.Combobox, new() { NameRegex = new Regex($"^{Regex.Escape(label)}\\*?$") });

    private ILocator Option(string name) => page.GetByRole(AriaRole.Option, new() { Name = name, Exact = true });
}
