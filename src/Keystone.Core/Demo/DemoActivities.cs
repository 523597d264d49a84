using Bogus;
using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Contacts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Demo;

/// <summary>
/// Half a year of meetings and calls at every demo account, the meetings planned for this week and
/// the next, and the open tasks that follow from them: some overdue, some due today, some handed by
/// a senior KAM to a junior on the account's team.
/// </summary>
internal static class DemoActivities
{
    public const int HistoryDays = 180;

    private const int Seed = 5_503;

    private static readonly (string Subject, string Summary, string Outcome)[] Meetings =
    [
        ("Quarterly business review", "Reviewed volumes, service levels and open issues of the quarter.", "Agreed the priorities for next quarter."),
        ("Contract renewal discussion", "Went through the renewal terms and the volume commitment.", "Client asked for a revised offer with a three-year term."),
        ("Executive sponsor meeting", "Met the executive sponsor to align on the joint account plan.", "Sponsor confirmed the expansion project for next year."),
        ("Service review", "Reviewed maintenance visits, response times and the spare parts backlog.", "Two service tickets escalated; follow-up in two weeks."),
        ("Introduction of predictive analytics", "Presented the analytics module with a pilot proposal.", "Client interested in a pilot at one plant."),
        ("Price negotiation", "Discussed the price increase and the rebate scheme.", "Compromise on a staged increase, pending approval."),
        ("Site visit and plant tour", "Visited the production site with the operations team.", "Identified two lines for a capacity upgrade."),
        ("Account planning workshop", "Worked through the account plan with the client's procurement team.", "Shared goals documented; next review in three months."),
    ];

    private static readonly (string Subject, string Summary, string Outcome)[] Calls =
    [
        ("Follow-up on open quote", "Called about the quote sent last week.", "Decision expected by the end of the month."),
        ("Delivery delay", "Explained the delay of the last shipment and the new date.", "Client accepted the new delivery date."),
        ("Forecast call", "Went through next quarter's forecast with procurement.", "Forecast confirmed with a small increase."),
        ("Invoice query", "Clarified a disputed invoice line with accounts payable.", "Credit note agreed for the returned parts."),
        ("Check-in with the champion", "Informal check-in with our main contact.", "Heard of a reorganisation in procurement."),
        ("Training needs", "Discussed training for new operators.", "Two training days to be offered."),
    ];

    private static readonly string[] TaskTitles =
    [
        "Send the revised offer",
        "Prepare the quarterly business review deck",
        "Follow up on the overdue invoice",
        "Book the plant visit",
        "Update the account plan",
        "Send the pilot proposal for the analytics module",
        "Confirm the delivery date with logistics",
        "Introduce our service manager to the operations team",
        "Collect feedback after the training",
        "Check the renewal date of the maintenance contract",
    ];

    /// <summary>Whether the demo activities were added before: the demo accounts have some.</summary>
    public static Task<bool> ExistAsync(KeystoneDbContext db, IReadOnlyCollection<Guid> accountIds, CancellationToken ct) =>
        db.Activities.IgnoreQueryFilters().AnyAsync(a => accountIds.Contains(a.AccountId), ct);

    /// <summary>
    /// Builds the activities and tasks of the stored demo accounts in memory, in the portfolio's order;
    /// the same accounts, people and clock give the same records.
    /// </summary>
    /// <param name="accounts">The stored accounts, in the order of the plan.</param>
    /// <param name="contacts">Each account's people, ordered by email so that the choices do not depend on their ids.</param>
    public static (List<Activity> Activities, List<WorkTask> Tasks) Plan(
        IReadOnlyList<Account> accounts,
        IReadOnlyDictionary<Guid, List<Contact>> contacts,
        IReadOnlyDictionary<Guid, KeystoneUser> users,
        DateTimeOffset now)
    {
        var random = new Randomizer(Seed);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var activities = new List<Activity>();
        var tasks = new List<WorkTask>();
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            var zone = TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone ?? "UTC");
            var people = contacts.GetValueOrDefault(account.Id) ?? [];
            var team = account.TeamMembers.Select(m => users[m.UserId]).OrderBy(u => u.Email, StringComparer.Ordinal).ToList();
            var owner = users[account.OwnerId];
            var kams = team.Where(u => u.Role.CanOwnAccounts()).ToList();

            var completed = account.Tier switch
            {
                AccountTier.StrategicKeyAccount => random.Number(12, 16),
                AccountTier.KeyAccount => random.Number(6, 9),
                AccountTier.Managed => random.Number(3, 5),
                _ => random.Number(1, 3),
            };
            var days = Enumerable.Range(0, completed).Select(_ => random.Number(1, HistoryDays)).OrderDescending().ToList();
            Activity? latest = null;
            foreach (var daysAgo in days)
            {
                var isMeeting = random.Bool(0.55f);
                var loggedBy = kams.Count > 0 && random.Bool(0.3f) ? random.ArrayElement(kams.ToArray()) : owner;
                var activity = New(random, account, zone, today.AddDays(-daysAgo), isMeeting, loggedBy, team, people);
                activity.Status = ActivityStatus.Completed;
                activity.Outcome = Outcome(isMeeting, activity.Subject);
                activities.Add(activity);
                latest = activity;
            }

            // A next step of the latest contact that was done.
            if (latest is not null)
            {
                var done = NewTask(random, account, latest.OwnerId, DateOnly.FromDateTime(latest.StartsAt.UtcDateTime).AddDays(7), latest.Id);
                done.Status = WorkTaskStatus.Done;
                done.CompletedAt = latest.StartsAt.AddDays(random.Number(1, 6));
                tasks.Add(done);
            }

            // Meetings planned this week and next, at most accounts that are more than standard.
            if ((account.Tier != AccountTier.Standard && random.Bool(0.7f)) || i % 5 == 0)
            {
                var day = today.AddDays(random.Number(0, 13));
                while (day != today && day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    day = day.AddDays(1);
                }
                activities.Add(New(random, account, zone, day, isMeeting: true, owner, team, people));
            }

            // Open tasks: the owner's, overdue, due today or coming; and work a manager handed to their report on the team.
            var overdue = i % 2 == 0 ? 1 : 0;
            var dueToday = i % 3 == 0 ? 1 : 0;
            for (var t = 0; t < overdue; t++)
            {
                tasks.Add(NewTask(random, account, owner.Id, today.AddDays(-random.Number(1, 10)), latest?.Id));
            }
            for (var t = 0; t < dueToday; t++)
            {
                tasks.Add(NewTask(random, account, owner.Id, today, null));
            }
            tasks.Add(NewTask(random, account, owner.Id, today.AddDays(random.Number(1, 21)), null));
            foreach (var report in kams.Where(u => u.ManagerId == owner.Id))
            {
                var due = random.Bool(0.4f) ? today.AddDays(-random.Number(1, 5)) : random.Bool(0.5f) ? today : today.AddDays(random.Number(1, 14));
                var handed = NewTask(random, account, report.Id, due, latest?.Id);
                handed.Notes = $"Asked by {owner.DisplayName}.";
                tasks.Add(handed);
            }
        }
        return (activities, tasks);
    }

    public static async Task AddAsync(KeystoneDbContext db, List<Activity> activities, List<WorkTask> tasks, CancellationToken ct)
    {
        db.Activities.AddRange(activities);
        db.WorkTasks.AddRange(tasks);
        await db.SaveChangesAsync(ct);
    }

    private static Activity New(
        Randomizer random, Account account, TimeZoneInfo zone, DateOnly day, bool isMeeting, KeystoneUser loggedBy,
        List<KeystoneUser> team, List<Contact> people)
    {
        var (subject, summary, _) = random.ArrayElement(isMeeting ? Meetings : Calls);
        var hour = random.Number(isMeeting ? 9 : 8, 16);
        var local = day.ToDateTime(new TimeOnly(hour, random.Bool() ? 0 : 30));
        var activity = new Activity
        {
            AccountId = account.Id,
            Type = isMeeting ? ActivityType.Meeting : ActivityType.Call,
            Status = ActivityStatus.Planned,
            StartsAt = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime(),
            TimeZone = zone.Id,
            DurationMinutes = isMeeting ? random.ArrayElement(new[] { 60, 90, 120 }) : random.ArrayElement(new[] { 15, 30, 45 }),
            Subject = subject,
            Summary = summary,
            Location = isMeeting ? random.ArrayElement(new[] { $"{account.Name}, head office", "Video call", "Our office" }) : null,
            OwnerId = loggedBy.Id,
        };
        // Colleagues on the team join now and then; the owner joins when someone else logged it.
        var joined = team.Where(u => u.Id != loggedBy.Id && random.Bool(0.35f)).Select(u => u.Id).ToList();
        if (loggedBy.Id != account.OwnerId && !joined.Contains(account.OwnerId))
        {
            joined.Add(account.OwnerId);
        }
        activity.Participants.AddRange(joined.Select(id => new ActivityParticipant { ActivityId = activity.Id, AccountId = account.Id, UserId = id }));
        // One to three people at the client, mostly from its management.
        var pool = people.Take(8).ToArray();
        var count = Math.Min(pool.Length, random.Number(1, 3));
        activity.Contacts.AddRange(random.ArrayElements(pool, count)
            .Select(c => new ActivityContact { ActivityId = activity.Id, AccountId = account.Id, ContactId = c.Id }));
        return activity;
    }

    private static string Outcome(bool isMeeting, string subject) =>
        (isMeeting ? Meetings : Calls).First(m => m.Subject == subject).Outcome;

    private static WorkTask NewTask(Randomizer random, Account account, Guid assigneeId, DateOnly due, Guid? activityId) => new()
    {
        AccountId = account.Id,
        Title = random.ArrayElement(TaskTitles),
        DueDate = due,
        Status = WorkTaskStatus.Open,
        AssigneeId = assigneeId,
        ActivityId = activityId,
    };
}
