using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Activities;

/// <summary>The log-activity form at <c>/accounts/{id}/activities/new</c>.</summary>
public sealed class LogActivityPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Log activity", Level = 1 });

    public ILocator Type => Combobox("Type");

    public ILocator Status => Combobox("Status");

    public ILocator Date => Field("Date");

    public ILocator Time => Field("Time");

    public ILocator Subject => Textbox("Subject");

    public ILocator Summary => Textbox("Summary");

    public ILocator Outcome => Textbox("Outcome");

    public ILocator NextStep => Textbox("Next step");

    public ILocator NextStepDue => Field("Due date");

    public ILocator NextStepAssignee => Combobox("Assignee");

    public ILocator SaveButton => page.GetByTestId("save-activity");

    public ILocator ErrorSummary => page.GetByTestId("error-summary");

    public async Task WaitUntilReadyAsync()
    {
        await Expect(page).ToHaveURLAsync(new Regex("/accounts/[0-9a-fA-F-]{36}/activities/new$"));
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(SaveButton).ToBeEnabledAsync();
    }

    public async Task ChooseAssigneeAsync(string displayName)
    {
        await NextStepAssignee.ClickAsync();
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = displayName });
        await option.ClickAsync();
        await Expect(option).ToBeHiddenAsync();
        await Expect(NextStepAssignee.First).ToMatchAriaSnapshotAsync($"- combobox \"Assignee\": {displayName}");
    }

    public async Task SaveAsync() => await SaveButton.ClickAsync();

    private ILocator Textbox(string label) =>
        page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex($"^{Regex.Escape(label)}\\*?$") });

    private ILocator Combobox(string label) =>
        page.GetByRole(AriaRole.Combobox, new() { NameRegex = new Regex($"^{Regex.Escape(label)}\\*?$") });

    // Date and time inputs are no textboxes to the accessibility tree; their labels still name them.
    private ILocator Field(string label) => page.GetByLabel(new Regex($"^{Regex.Escape(label)}\\*?$"));
}
