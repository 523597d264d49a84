using Microsoft.Playwright;

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
}
