using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Calendars;

/// <summary>The "Calendar feed" section of the profile page at <c>/profile</c>.</summary>
public sealed class CalendarFeedPanel(IPage page)
{
    public ILocator Section => page.GetByTestId("calendar-feed");

    public ILocator CreateButton => Section.GetByTestId("calendar-feed-create");

    public ILocator StopButton => Section.GetByTestId("calendar-feed-revoke");

    public ILocator Status => Section.GetByTestId("calendar-feed-status");

    public ILocator None => Section.GetByTestId("calendar-feed-none");

    public ILocator HttpsUrl => Section.GetByRole(AriaRole.Textbox, new() { Name = "Feed URL (https)" });

    public ILocator WebcalUrl => Section.GetByRole(AriaRole.Textbox, new() { Name = "Feed URL (webcal)" });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/profile");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(Section).ToBeVisibleAsync();
    }

    /// <summary>Makes the feed and returns its https URL, shown this once.</summary>
    public async Task<string> CreateAsync()
    {
        await CreateButton.ClickAsync();
        await Expect(HttpsUrl).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/calendar/kc_[0-9a-f]{64}\.ics$"));
        return await HttpsUrl.InputValueAsync();
    }

    public async Task StopAsync()
    {
        await StopButton.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Stop the feed" }).ClickAsync();
        await Expect(None).ToBeVisibleAsync();
    }
}
