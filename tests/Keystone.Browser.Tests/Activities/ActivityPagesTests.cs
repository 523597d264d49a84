using System.Globalization;
using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Accounts;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Activities;

[Collection(SiteCollection.Name)]
public sealed class ActivityPagesTests(KeystoneSite site)
{
    // The browser contexts run in Europe/Berlin, and so do the accounts these tests create.
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public async Task A_kam_logs_a_meeting_which_the_timeline_shows_and_whose_ics_downloads()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Lindqvist Marine"),
            TimeZone = "Europe/Berlin",
            Tier = "standard", // Other tiers are the head of KAM's to set (ADR 0006).
        }));
        var subject = Unique.Name("QBR");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        var accountPage = new AccountPage(page);
        await accountPage.GotoAsync(account.Id);
        var timeline = new AccountTimeline(page);

        await timeline.LogActivityButton.ClickAsync();
        var form = new LogActivityPage(page);
        await form.WaitUntilReadyAsync();
        await Expect(page.GetByText("In the account's time zone, Europe/Berlin")).ToBeVisibleAsync();
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
        await form.Summary.FillAsync("Went through the quarter's volumes.");
        // Yesterday: a meeting at 00:15 today is still ahead (planned) for a quarter of an hour after midnight in Berlin.
        await form.Date.FillAsync(Today().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.Time.FillAsync("00:15");
        await form.SaveAsync();

        // No subject: the field says so, and nothing typed is lost.
        await Expect(form.ErrorSummary).ToContainTextAsync("Subject");
        await Expect(form.Summary).ToHaveValueAsync("Went through the quarter's volumes.");
        await Expect(form.Status).ToHaveValueAsync("Completed");
        await form.Subject.FillAsync(subject);
        await form.SaveAsync();

        await accountPage.WaitUntilReadyAsync();
        var logged = timeline.Activity(subject);
        await Expect(logged).ToBeVisibleAsync();
        await Expect(logged).ToContainTextAsync("Meeting · Completed");
        await Expect(logged).ToContainTextAsync("00:15");
        await Expect(logged).ToContainTextAsync("Went through the quarter's volumes.");

        var download = await page.RunAndWaitForDownloadAsync(() => AccountTimeline.IcsLink(logged).ClickAsync());
        var ics = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains($"SUMMARY:{subject}", ics, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^UID:\S+", ics);

        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_senior_kam_gives_a_next_step_to_their_junior_who_finds_it_on_my_work_and_marks_it_done()
    {
        var senior = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var junior = await site.CreateUserAsync(KeystoneRole.JuniorKam, Unique.Name("Jo Junior"), manager: senior);
        var account = await site.RunAsAsync(senior, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Halvorsen Steel"),
            TimeZone = "Europe/Berlin",
            Tier = "standard", // Other tiers are the head of KAM's to set (ADR 0006).
            Team = new[] { new TeamMemberInput(junior.Id, "Account support") },
        }));
        var nextStep = Unique.Name("Send the revised offer");

        await using (var seniorContext = await site.NewContextAsync())
        {
            var page = await seniorContext.NewPageAsync();
            await new LoginPage(page).SignInAsAsync(senior);
            await page.GotoAsync($"/accounts/{account.Id}/activities/new");
            var form = new LogActivityPage(page);
            await form.WaitUntilReadyAsync();
            await form.Subject.FillAsync(Unique.Name("Price review"));
            await form.NextStep.FillAsync(nextStep);
            await form.NextStepDue.FillAsync(Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await form.ChooseAssigneeAsync(junior.DisplayName);
            await form.SaveAsync();

            var accountPage = new AccountPage(page);
            await accountPage.WaitUntilReadyAsync();
            await Expect(new AccountTimeline(page).Task(nextStep)).ToContainTextAsync(junior.DisplayName);
        }
        var tasks = await site.RunAsAsync(junior, db => ListTasks.HandleAsync(db, new ListTasks.Query { Assignee = "me" }));
        Assert.Equal(nextStep, Assert.Single(tasks.Items).Title);

        await using var juniorContext = await site.NewContextAsync();
        var juniorPage = await juniorContext.NewPageAsync();
        await new LoginPage(juniorPage).SignInAsAsync(junior);
        var myWork = new MyWorkPage(juniorPage);
        await myWork.GotoAsync();
        var task = myWork.Task(nextStep);
        await Expect(task).ToBeVisibleAsync();
        await Expect(task).ToContainTextAsync(account.Name);
        await AxeAssertions.AssertNoSeriousViolationsAsync(juniorPage);

        await MyWorkPage.DoneButton(task).ClickAsync();
        await Expect(myWork.Task(nextStep)).ToHaveCountAsync(0);
        var done = await site.RunAsAsync(junior, db => GetTask.HandleAsync(db, tasks.Items[0].Id));
        Assert.Equal("done", done.Status);
    }

    private static DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Berlin).DateTime);
}
