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
public sealed class TaskAndTimelineTests(KeystoneSite site)
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public async Task A_senior_kam_gives_a_junior_a_task_with_a_reminder_which_the_junior_finds_on_my_work()
    {
        var senior = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Sam Senior"));
        var junior = await site.CreateUserAsync(KeystoneRole.JuniorKam, Unique.Name("Jo Junior"), manager: senior);
        var stranger = await site.CreateUserAsync(KeystoneRole.JuniorKam, Unique.Name("Someone Else"));
        var account = await site.RunAsAsync(senior, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Okafor Mills"),
            TimeZone = "Europe/Berlin",
            Tier = "standard",
            Team = new[] { new TeamMemberInput(junior.Id, "Account coordinator") },
        }));
        var title = Unique.Name("Prepare the renewal deck");

        await using (var seniorContext = await site.NewContextAsync())
        {
            var page = await seniorContext.NewPageAsync();
            await new LoginPage(page).SignInAsAsync(senior);
            var accountPage = new AccountPage(page);
            await accountPage.GotoAsync(account.Id);
            await new AccountTimeline(page).NewTaskButton.ClickAsync();
            var form = new TaskPage(page);
            await form.WaitUntilReadyAsync();

            // Only those the API would accept: oneself first, then the junior on the team; no stranger.
            var choices = await form.AssigneeChoicesAsync();
            Assert.Equal([senior.DisplayName, junior.DisplayName], choices);
            Assert.DoesNotContain(stranger.DisplayName, choices);
            await AxeAssertions.AssertNoSeriousViolationsAsync(page);

            await form.Title.FillAsync(title);
            await form.DueDate.FillAsync(Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await form.ChooseAssigneeAsync(junior.DisplayName);
            await form.ReminderDate.FillAsync(Today().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await form.ReminderTime.FillAsync("09:00");
            await form.SaveAsync();

            await accountPage.WaitUntilReadyAsync();
            var task = new AccountTimeline(page).Task(title);
            await Expect(task).ToContainTextAsync(junior.DisplayName);
            await Expect(task.GetByTestId("timeline-task-reminder")).ToBeVisibleAsync();
        }

        await using var juniorContext = await site.NewContextAsync();
        var juniorPage = await juniorContext.NewPageAsync();
        await new LoginPage(juniorPage).SignInAsAsync(junior);
        var myWork = new MyWorkPage(juniorPage);
        await myWork.GotoAsync();
        await Expect(myWork.Task(title)).ToBeVisibleAsync();
        await Expect(myWork.Reminder(title)).ToContainTextAsync(account.Name);
        await Expect(myWork.ReminderBell).ToHaveAttributeAsync("data-count", "1");
        await Expect(myWork.ReminderBell).ToHaveAccessibleNameAsync("1 reminder due");
        await AxeAssertions.AssertNoSeriousViolationsAsync(juniorPage);

        await MyWorkPage.DoneButton(myWork.Task(title)).ClickAsync();
        await Expect(myWork.Task(title)).ToHaveCountAsync(0);
        await Expect(myWork.Reminder(title)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_timeline_shows_tasks_and_changes_when_asked()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Kai Kinds"));
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Varga Foods"),
            TimeZone = "Europe/Berlin",
            Tier = "standard",
        }));
        await site.RunAsAsync(kam, db => CreateActivity.HandleAsync(db, new ActivityInput
        {
            AccountId = account.Id,
            Type = "call",
            Status = "completed",
            StartsAt = "2026-01-05T09:00:00Z",
            Subject = "Kickoff call",
        }));
        await site.RunAsAsync(kam, db => CreateTask.HandleAsync(db, new TaskInput
        {
            AccountId = account.Id,
            Title = "Send the price list",
            DueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));

        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        await new AccountPage(page).GotoAsync(account.Id);
        var timeline = new AccountTimeline(page);

        await Expect(timeline.Activities).ToHaveCountAsync(1);
        await Expect(timeline.TaskEntries).ToHaveCountAsync(0);
        await timeline.ShowAsync("Tasks");
        await Expect(timeline.TaskEntries).ToHaveCountAsync(1);
        await Expect(timeline.TaskEntries.First).ToContainTextAsync("Send the price list");
        await Expect(timeline.Activities).ToHaveCountAsync(0);
        await timeline.ShowAsync("Changes");
        await Expect(timeline.Changes.Filter(new() { HasText = "Account created" })).ToHaveCountAsync(1);
        await Expect(timeline.Changes.Filter(new() { HasText = "Task created" })).ToHaveCountAsync(1);
        await timeline.ShowAsync("All");
        await Expect(timeline.Activities).ToHaveCountAsync(1);
        await Expect(timeline.TaskEntries).ToHaveCountAsync(1);
        await Expect(timeline.ShownCount).ToHaveTextAsync("5 of 5 shown");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_timeline_pages_ten_at_a_time_and_filters_by_type()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Tia Timeline"));
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Brandt Logistics"),
            TimeZone = "Europe/Berlin",
            Tier = "standard",
        }));
        // 13 activities, one a day: 7 meetings and 6 calls, the newest a meeting.
        for (var i = 0; i < 13; i++)
        {
            var type = i % 2 == 0 ? "meeting" : "call";
            await site.RunAsAsync(kam, db => CreateActivity.HandleAsync(db, new ActivityInput
            {
                AccountId = account.Id,
                Type = type,
                Status = "completed",
                StartsAt = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(i).ToString("O", CultureInfo.InvariantCulture),
                Subject = $"Timeline {type} {i:00}",
            }));
        }

        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        await new AccountPage(page).GotoAsync(account.Id);
        var timeline = new AccountTimeline(page);

        await Expect(timeline.Activities).ToHaveCountAsync(10);
        await Expect(timeline.Activities.First).ToContainTextAsync("Timeline meeting 12");
        await Expect(timeline.ShownCount).ToHaveTextAsync("10 of 13 shown");
        await timeline.LoadMoreButton.ClickAsync();
        await Expect(timeline.Activities).ToHaveCountAsync(13);
        await Expect(timeline.Activities.Last).ToContainTextAsync("Timeline meeting 00");
        await Expect(timeline.LoadMoreButton).ToHaveCountAsync(0);

        await timeline.FilterByTypeAsync("Call");
        await Expect(timeline.Activities).ToHaveCountAsync(6);
        await Expect(timeline.ShownCount).ToHaveTextAsync("6 of 6 shown");
        foreach (var text in await timeline.Activities.AllInnerTextsAsync())
        {
            Assert.Contains("Call ·", text, StringComparison.Ordinal);
        }
        await timeline.FilterByTypeAsync("Meeting");
        await Expect(timeline.Activities).ToHaveCountAsync(7);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_kam_edits_an_activity_from_the_timeline_meets_a_colleagues_change_and_deletes_it()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Eda Editor"));
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Marchetti Foods"),
            TimeZone = "Europe/Berlin",
            Tier = "standard",
        }));
        var subject = Unique.Name("Supplier audit");
        var activity = await site.RunAsAsync(kam, db => CreateActivity.HandleAsync(db, new ActivityInput
        {
            AccountId = account.Id,
            Type = "visit",
            Status = "completed",
            StartsAt = "2026-02-03T10:00:00+01:00",
            Subject = subject,
        }));

        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        var accountPage = new AccountPage(page);
        await accountPage.GotoAsync(account.Id);
        var timeline = new AccountTimeline(page);
        await AccountTimeline.Open(timeline.Activity(subject)).ClickAsync();
        var form = new ActivityPage(page);
        await form.WaitUntilReadyAsync();
        await Expect(form.Heading).ToHaveTextAsync(subject);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        // Someone else saves first: the conflict shows both values, and nothing typed is lost.
        await form.Outcome.FillAsync("Passed with two findings");
        await site.RunAsAsync(kam, db => UpdateActivity.HandleAsync(db, activity.Id, activity.Version, new ActivityInput { Outcome = "Passed" }));
        await form.SaveButton.ClickAsync();
        await Expect(form.Conflict).ToContainTextAsync("Passed with two findings");
        await Expect(form.Outcome).ToHaveValueAsync("Passed with two findings");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
        await page.GetByTestId("conflict-overwrite").ClickAsync();

        await accountPage.WaitUntilReadyAsync();
        await Expect(timeline.Activity(subject)).ToContainTextAsync("Outcome: Passed with two findings");

        await AccountTimeline.Open(timeline.Activity(subject)).ClickAsync();
        await form.WaitUntilReadyAsync();
        await form.DeleteButton.ClickAsync();
        await form.ConfirmDelete.ClickAsync();
        await accountPage.WaitUntilReadyAsync();
        await Expect(timeline.Activity(subject)).ToHaveCountAsync(0);
        var remaining = await site.RunAsAsync(kam, db => ListActivities.HandleAsync(db, new ListActivities.Query { AccountId = account.Id }));
        Assert.Equal(0, remaining.Total);
    }

    private static DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Berlin).DateTime);
}
