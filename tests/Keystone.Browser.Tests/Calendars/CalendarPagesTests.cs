using System.Globalization;
using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Accounts;
using Keystone.Browser.Tests.Activities;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using static Microsoft.Playwright.Assertions;
using IcalCalendar = Ical.Net.Calendar;

namespace Keystone.Browser.Tests.Calendars;

[Collection(SiteCollection.Name)]
public sealed class CalendarPagesTests(KeystoneSite site)
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public async Task Meetings_logged_or_imported_on_the_account_page_show_in_the_timeline_and_in_the_calendar_feed()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Nordlicht Foods"),
            TimeZone = "Europe/Berlin",
            Tier = "standard", // Other tiers are the head of KAM's to set (ADR 0006).
        }));
        var subject = Unique.Name("Supply review");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);

        var feedPanel = new CalendarFeedPanel(page);
        await feedPanel.GotoAsync();
        await Expect(feedPanel.None).ToBeVisibleAsync();
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
        var url = await feedPanel.CreateAsync();
        Assert.Equal("webcal" + url[url.IndexOf("://", StringComparison.Ordinal)..], await feedPanel.WebcalUrl.InputValueAsync());
        await Expect(feedPanel.Status).ToContainTextAsync("Active since");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        var accountPage = new AccountPage(page);
        await accountPage.GotoAsync(account.Id);
        var timeline = new AccountTimeline(page);
        await timeline.LogActivityButton.ClickAsync();
        var form = new LogActivityPage(page);
        await form.WaitUntilReadyAsync();
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Berlin).DateTime).AddDays(1);
        await form.Subject.FillAsync(subject);
        await form.Date.FillAsync(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.Time.FillAsync("10:30");
        await form.SaveAsync();
        await accountPage.WaitUntilReadyAsync();
        await Expect(timeline.Activity(subject)).ToBeVisibleAsync();

        // A meeting from a calendar export, imported on the same page.
        var imported = Unique.Name("Tasting session");
        var import = page.GetByTestId("ics-import");
        var day = tomorrow.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        await import.Locator("input[type=file]").SetInputFilesAsync(new Microsoft.Playwright.FilePayload
        {
            Name = "export.ics",
            MimeType = "text/calendar",
            Buffer = System.Text.Encoding.UTF8.GetBytes(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//EN\r\nBEGIN:VEVENT\r\n" +
                $"UID:{Guid.NewGuid():N}@example.com\r\nDTSTART;TZID=Europe/Berlin:{day}T140000\r\nDTEND;TZID=Europe/Berlin:{day}T150000\r\n" +
                $"SUMMARY:{imported}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
        });
        await Expect(import.GetByTestId("ics-import-result")).ToContainTextAsync("1 meeting imported");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
        await import.GetByTestId("ics-import-show").ClickAsync();
        await accountPage.WaitUntilReadyAsync();
        await Expect(timeline.Activity(imported)).ToBeVisibleAsync();

        // The calendar app fetches the URL with no cookie: a fresh request context has none.
        var anonymous = await site.NewContextAsync();
        await using (anonymous)
        {
            var feed = await anonymous.APIRequest.GetAsync(url);
            Assert.Equal(200, feed.Status);
            Assert.StartsWith("text/calendar; charset=utf-8", feed.Headers["content-type"], StringComparison.OrdinalIgnoreCase);
            var calendar = IcalCalendar.Load(await feed.TextAsync())!;
            var meeting = Assert.Single(calendar.Events, e => e.Summary == subject);
            Assert.Equal("Europe/Berlin", meeting.DtStart!.TzId);
            Assert.Equal(new DateTime(tomorrow, new TimeOnly(10, 30)), meeting.DtStart.Value);
            Assert.Contains(account.Name, meeting.Description, StringComparison.Ordinal);
            Assert.Contains(calendar.Events, e => e.Summary == imported);

            await feedPanel.GotoAsync();
            await feedPanel.StopAsync();
            var stopped = await anonymous.APIRequest.GetAsync(url);
            Assert.Equal(404, stopped.Status);
        }
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }
}
