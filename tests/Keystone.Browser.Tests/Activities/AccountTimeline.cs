using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Activities;

/// <summary>The "Activity" section of an account page: its activities, newest first, and its open tasks.</summary>
public sealed class AccountTimeline(IPage page)
{
    public ILocator Section => page.GetByTestId("account-timeline");

    public ILocator LogActivityButton => Section.GetByTestId("log-activity");

    public ILocator Activities => Section.GetByTestId("timeline-activity");

    public ILocator Activity(string subject) => Activities.Filter(new() { HasText = subject });

    public static ILocator IcsLink(ILocator activity) => activity.GetByTestId("timeline-activity-ics");

    public ILocator Tasks => Section.GetByTestId("timeline-task");

    public ILocator Task(string title) => Tasks.Filter(new() { HasText = title });

    public ILocator NewTaskButton => Section.GetByTestId("new-task");

    public ILocator LoadMoreButton => Section.GetByTestId("timeline-more");

    /// <summary>"10 of 13 shown".</summary>
    public ILocator ShownCount => Section.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("shown$") });

    public ILocator TypeFilter => Section.GetByRole(AriaRole.Combobox, new() { Name = "Activity type" });

    /// <summary>Tasks in the timeline stream (not the open-tasks column).</summary>
    public ILocator TaskEntries => Section.GetByTestId("timeline-entry-task");

    public ILocator Changes => Section.GetByTestId("timeline-change");

    public ILocator KindFilter => Section.GetByRole(AriaRole.Combobox, new() { Name = "Show" });

    /// <summary>Shows All, Activities, Tasks or Changes.</summary>
    public async Task ShowAsync(string kindName)
    {
        await KindFilter.ClickAsync();
        var option = page.GetByRole(AriaRole.Option, new() { Name = kindName, Exact = true });
        await option.ClickAsync();
        await Expect(option).ToBeHiddenAsync();
    }

    /// <summary>The link of an activity's subject, which opens the activity.</summary>
    public static ILocator Open(ILocator activity) => activity.GetByTestId("timeline-activity-subject");

    public async Task FilterByTypeAsync(string typeName)
    {
        await TypeFilter.ClickAsync();
        var option = page.GetByRole(AriaRole.Option, new() { Name = typeName, Exact = true });
        await option.ClickAsync();
        await Expect(option).ToBeHiddenAsync();
    }
}
