using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Activities;

/// <summary>My work at <c>/my-work</c>: the signed-in user's due tasks and this week's meetings.</summary>
public sealed class MyWorkPage(IPage page)
{
    public const string Path = "/my-work";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "My work", Level = 1 });

    public ILocator Tasks => page.GetByTestId("my-work-tasks").GetByTestId("my-work-task");

    public ILocator Task(string title) => Tasks.Filter(new() { HasText = title });

    public static ILocator DoneButton(ILocator task) => task.GetByTestId("my-work-task-done");

    public ILocator Reminders => page.GetByTestId("my-work-reminders").GetByTestId("my-work-reminder");

    public ILocator Reminder(string title) => Reminders.Filter(new() { HasText = title });

    /// <summary>The bell in the app bar; its data-count is the number of reminders due.</summary>
    public ILocator ReminderBell => page.GetByTestId("reminder-bell");

    public ILocator Meetings => page.GetByTestId("my-work-meetings").GetByTestId("my-work-meeting");

    public async Task GotoAsync()
    {
        await page.GotoAsync(Path);
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Heading).ToBeVisibleAsync();
        await Expect(page.GetByTestId("my-work-tasks")).ToBeVisibleAsync();
    }
}
