using Keystone.Core.Access;
using Keystone.Core.Activities;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Demo;

public sealed class DemoActivitiesTests(DemoPortfolioFixture fixture) : IClassFixture<DemoPortfolioFixture>
{
    [Theory, AllDatabases]
    public async Task Every_account_has_completed_meetings_and_calls_and_some_have_meetings_planned_soon(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var (accounts, activities) = await host.AsSystemAsync(async (db, _) => (
            await db.Accounts.AsNoTracking().Select(a => a.Id).ToListAsync(),
            await db.Activities.AsNoTracking().Include(a => a.Participants).Include(a => a.Contacts).ToListAsync()));

        var now = DateTimeOffset.UtcNow;
        var completed = activities.Where(a => a.Status == ActivityStatus.Completed).ToList();
        Assert.All(accounts, id => Assert.Contains(completed, a => a.AccountId == id));
        Assert.All(completed, a =>
        {
            Assert.InRange(a.StartsAt, now.AddDays(-190), now);
            Assert.NotNull(a.Outcome);
            Assert.NotEmpty(a.Contacts);
        });
        Assert.Contains(completed, a => a.Type == ActivityType.Meeting);
        Assert.Contains(completed, a => a.Type == ActivityType.Call);
        Assert.Contains(completed, a => a.Participants.Count > 0);
        var planned = activities.Where(a => a.Status == ActivityStatus.Planned).ToList();
        Assert.InRange(planned.Count, 10, accounts.Count);
        Assert.All(planned, a =>
        {
            Assert.Equal(ActivityType.Meeting, a.Type);
            Assert.InRange(a.StartsAt, now.AddDays(-2), now.AddDays(16));
            Assert.Null(a.Outcome);
        });
    }

    [Theory, AllDatabases]
    public async Task Every_junior_kam_has_open_tasks_some_from_their_senior_and_my_work_shows_them(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var (users, tasks) = await host.AsSystemAsync(async (db, _) => (
            await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id),
            await db.WorkTasks.AsNoTracking().Include(t => t.Account).ToListAsync()));

        var open = tasks.Where(t => t.Status == WorkTaskStatus.Open).ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains(open, t => t.DueDate < today);
        Assert.Contains(open, t => t.DueDate == today);
        Assert.Contains(open, t => t.DueDate > today);
        Assert.Contains(tasks, t => t.Status == WorkTaskStatus.Done && t.CompletedAt is not null);
        foreach (var junior in users.Values.Where(u => u.Role == KeystoneRole.JuniorKam))
        {
            Assert.Contains(open, t => t.AssigneeId == junior.Id);
            // Handed down by their senior on the senior's account.
            Assert.Contains(open, t => t.AssigneeId == junior.Id && t.Account!.OwnerId == junior.ManagerId && t.Notes!.StartsWith("Asked by ", StringComparison.Ordinal));
        }

        var busiest = open.Where(t => t.DueDate <= today).GroupBy(t => t.AssigneeId).OrderByDescending(g => g.Count()).First().Key;
        var work = await AsUserAsync(host, busiest, db => MyWork.HandleAsync(db, "UTC"));
        Assert.NotEmpty(work.Overdue.Concat(work.DueToday));
    }

    [Theory, AllDatabases]
    public async Task Every_activity_and_task_passes_the_rules_of_the_use_cases(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        await host.AsSystemAsync(async db =>
        {
            var accounts = await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).ToDictionaryAsync(a => a.Id);
            var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id);
            var contacts = await db.Contacts.AsNoTracking().ToDictionaryAsync(c => c.Id);
            var actors = new Dictionary<Guid, Actor>();
            foreach (var id in users.Keys)
            {
                actors[id] = (await ActorLoader.LoadAsync(db, id))!;
            }
            foreach (var a in await db.Activities.AsNoTracking().Include(a => a.Participants).Include(a => a.Contacts).ToListAsync())
            {
                var account = accounts[a.AccountId];
                var v = new Validator();
                v.Required("subject", a.Subject, 200, "Subject");
                v.Optional("summary", a.Summary, 4000, "Summary");
                v.Optional("outcome", a.Outcome, 4000, "Outcome");
                v.Optional("location", a.Location, 200, "Location");
                Assert.Equal(a.TimeZone, v.TimeZone("timeZone", a.TimeZone));
                Assert.True(v.IsValid, $"'{a.Subject}' breaks a rule.");
                Assert.InRange(a.DurationMinutes, 0, 24 * 60);
                Assert.True(actors[a.OwnerId].CanLogActivitiesOn(account), $"{users[a.OwnerId].Email} may log activities on {account.Name}.");
                Assert.All(a.Participants, p => Assert.True(users[p.UserId].IsActive));
                Assert.All(a.Contacts, c => Assert.Equal(a.AccountId, contacts[c.ContactId].AccountId));
                Assert.Equal(a.Participants.Count, a.Participants.Select(p => p.UserId).Distinct().Count());
            }
            foreach (var t in await db.WorkTasks.AsNoTracking().ToListAsync())
            {
                var account = accounts[t.AccountId];
                var v = new Validator();
                v.Required("title", t.Title, 200, "Title");
                v.Optional("notes", t.Notes, 4000, "Notes");
                Assert.True(v.IsValid, $"'{t.Title}' breaks a rule.");
                // Whoever handed it out: the assignee themself, or the account's owner who manages them.
                var assignee = actors[t.AssigneeId];
                Assert.True(assignee.CanAssignTask(account, assignee) || actors[account.OwnerId].CanAssignTask(account, assignee),
                    $"{users[t.AssigneeId].Email} may be given '{t.Title}' on {account.Name}.");
                Assert.True(assignee.CanLogActivitiesOn(account) || assignee.CanSetStatusOf(t, account));
            }
        });
    }

    private static async Task<T> AsUserAsync<T>(KeystoneHost host, Guid userId, Func<KeystoneDbContext, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var current = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        current.Set(Actor.System);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        current.Set((await ActorLoader.LoadAsync(db, userId))!);
        return await work(db);
    }
}
