using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Activities;

/// <summary>One activity at <c>/activities/{id}</c>: its fields to edit, and its deletion.</summary>
public sealed class ActivityPage(IPage page)
{
    public ILocator Heading => page.GetByTestId("activity-heading");

    public ILocator Outcome => page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^Outcome$") });

    public ILocator Subject => page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^Subject\\*?$") });

    public ILocator SaveButton => page.GetByTestId("save-activity");

    public ILocator DeleteButton => page.GetByTestId("delete-activity");

    public ILocator Conflict => page.GetByTestId("edit-conflict");

    public ILocator ConfirmDelete => page.GetByTestId("confirm-yes");

    public async Task WaitUntilReadyAsync()
    {
        await Expect(page).ToHaveURLAsync(new Regex("/activities/[0-9a-fA-F-]{36}$"));
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(SaveButton).ToBeEnabledAsync();
    }
}
