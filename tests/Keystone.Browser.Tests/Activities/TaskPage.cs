using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Activities;

/// <summary>The task form: a new task at <c>/accounts/{id}/tasks/new</c>, an existing one at <c>/tasks/{id}</c>.</summary>
public sealed class TaskPage(IPage page)
{
    public ILocator Title => page.GetByRole(AriaRole.Textbox, new() { NameRegex = new Regex("^Title\\*?$") });

    public ILocator DueDate => page.GetByLabel(new Regex("^Due date$"));

    public ILocator Assignee => page.GetByRole(AriaRole.Combobox, new() { Name = "Assignee" });

    public ILocator Status => page.GetByRole(AriaRole.Combobox, new() { Name = "Status" });

    public ILocator ReminderDate => page.GetByLabel(new Regex("^Reminder date$"));

    public ILocator ReminderTime => page.GetByLabel(new Regex("^Reminder time$"));

    public ILocator SaveButton => page.GetByTestId("save-task");

    public async Task WaitUntilReadyAsync()
    {
        await Expect(page).ToHaveURLAsync(new Regex("/(accounts/[0-9a-fA-F-]{36}/tasks/new|tasks/[0-9a-fA-F-]{36})$"));
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(SaveButton).ToBeEnabledAsync();
    }

    /// <summary>The names the assignee list offers, in its order.</summary>
    public async Task<IReadOnlyList<string>> AssigneeChoicesAsync()
    {
        await Assignee.ClickAsync();
        var options = page.GetByRole(AriaRole.Option);
        await Expect(options.First).ToBeVisibleAsync();
        var names = (await options.AllInnerTextsAsync()).Select(n => n.Trim()).ToList();
        // Closes the list on the choice already made.
        var current = options.Filter(new() { HasText = (await Assignee.First.InputValueAsync()) is { Length: > 0 } value ? value : names[0] }).First;
        await current.ClickAsync();
        await Expect(options).ToHaveCountAsync(0);
        return names;
    }

    public async Task ChooseAssigneeAsync(string displayName)
    {
        await Assignee.ClickAsync();
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = displayName });
        await option.ClickAsync();
        await Expect(option).ToBeHiddenAsync();
        await Expect(Assignee.First).ToMatchAriaSnapshotAsync($"- combobox \"Assignee\": {displayName}");
    }

    public async Task SaveAsync() => await SaveButton.ClickAsync();
}
