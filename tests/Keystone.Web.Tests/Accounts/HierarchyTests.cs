using System.Globalization;
using System.Net;
using System.Text.Json;
using Keystone.Core.Activities;
using Keystone.Core.Common;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Keystone.Web.Tests.Kpis;

namespace Keystone.Web.Tests.Accounts;

/// <summary>Groups as trees: loops refused, counts rolled up, and nobody counts what they may not see.</summary>
public sealed class HierarchyTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Accounts = "/api/v1/accounts";

    [Theory, AllDatabases]
    public async Task A_parent_that_would_close_a_loop_or_the_account_itself_is_refused_naming_the_field(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var client = host.ClientFor(kam);
        var group = (await client.PostJsonAsync(Accounts, new { name = "Loop group" }).ExpectAsync(HttpStatusCode.Created)).Id();
        var child = (await client.PostJsonAsync(Accounts, new { name = "Loop child", parentAccountId = group }).ExpectAsync(HttpStatusCode.Created)).Id();
        var grandchild = (await client.PostJsonAsync(Accounts, new { name = "Loop grandchild", parentAccountId = child }).ExpectAsync(HttpStatusCode.Created)).Id();

        await client.PatchJsonAsync($"{Accounts}/{group}", new { parentAccountId = grandchild }, "*").ExpectFieldErrorsAsync("parentAccountId");
        await client.PatchJsonAsync($"{Accounts}/{group}", new { parentAccountId = group }, "*").ExpectFieldErrorsAsync("parentAccountId");
        var account = await client.GetAsync($"{Accounts}/{group}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, account.GetProperty("parent").ValueKind);
    }

    [Theory, AllDatabases]
    public async Task Only_a_group_can_be_a_global_account_and_lists_filter_on_it(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var client = host.ClientFor(kam);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var group = (await client.PostJsonAsync(Accounts, new { name = $"{tag} Group", isGlobal = true }).ExpectAsync(HttpStatusCode.Created)).Id();
        var local = (await client.PostJsonAsync(Accounts, new { name = $"{tag} Local", parentAccountId = group }).ExpectAsync(HttpStatusCode.Created)).Id();

        await client.PatchJsonAsync($"{Accounts}/{local}", new { isGlobal = true }, "*").ExpectFieldErrorsAsync("isGlobal");
        await client.PatchJsonAsync($"{Accounts}/{group}", new { parentAccountId = local }, "*").ExpectFieldErrorsAsync("parentAccountId");

        var global = await client.GetAsync($"{Accounts}?q={tag}&global=true").ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(global.GetProperty("items").EnumerateArray());
        Assert.Equal(group, item.Id());
        Assert.True(item.GetProperty("isGlobal").GetBoolean());
        var others = await client.GetAsync($"{Accounts}?q={tag}&global=false").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(local, Assert.Single(others.GetProperty("items").EnumerateArray()).Id());
        Assert.True((await client.GetAsync($"{Accounts}/{group}").ExpectAsync(HttpStatusCode.OK)).GetProperty("isGlobal").GetBoolean());
    }

    [Theory, AllDatabases]
    public async Task The_tree_rolls_counts_up_to_each_node_and_leaves_out_what_the_viewer_may_not_see(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);

        // Group (senior) → Germany (junior, with the stranger on its team) and France (stranger) → Lyon (stranger).
        var group = await data.AccountAsync(senior, "group");
        var germany = await host.CreateAccountAsync(junior, $"Germany {data.Tag}", team: [stranger], more: new AccountInput
        {
            ParentAccountId = group.Id,
            Country = "DE",
            TimeZone = "Europe/Berlin",
            Currency = "EUR",
            ExternalIds = new List<ExternalIdInput> { new(data.Tag, data.Customer("de")) },
        });
        var france = await data.AccountAsync(stranger, "fr", parent: group.Id);
        var lyon = await data.AccountAsync(stranger, "lyon", parent: france.Id);

        await host.CreateContactAsync(group.Id);
        await host.CreateContactAsync(germany.Id);
        await host.CreateContactAsync(germany.Id);
        await host.CreateContactAsync(france.Id);
        await host.CreateContactAsync(lyon.Id);
        await AddTaskAsync(host, germany.Id, junior.Id, WorkTaskStatus.Open);
        await AddTaskAsync(host, germany.Id, junior.Id, WorkTaskStatus.Done);
        await AddTaskAsync(host, lyon.Id, stranger.Id, WorkTaskStatus.Open);
        await AddActivityAsync(host, germany.Id, junior.Id, daysAgo: 10);
        await AddActivityAsync(host, germany.Id, junior.Id, daysAgo: 120);
        await AddActivityAsync(host, france.Id, stranger.Id, daysAgo: 30);

        var lastMonth = DateTime.UtcNow.AddMonths(-1);
        var day = new DateOnly(lastMonth.Year, lastMonth.Month, 15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var longAgo = new DateOnly(DateTime.UtcNow.Year - 2, 1, 15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The month under way is not in the trailing 12 months (whole months, as the matrix and ABC count them).
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await data.Line("group", day, 100).Line("de", day, 250).Line("fr", day, 40).Line("lyon", day, 10).Line("de", longAgo, 999).Line("group", today, 7).ImportAsync();

        // The head of KAM sees the whole group, from any of its accounts.
        var all = await host.ClientFor(head).GetAsync($"{Accounts}/{lyon.Id}/hierarchy").ExpectAsync(HttpStatusCode.OK);
        var root = all.GetProperty("root");
        var (from, to) = Core.Kpis.ReportingCalendar.TrailingTwelveMonths(DateTimeOffset.UtcNow, TimeZoneInfo.Utc);
        Assert.Equal((from.ToString(), to.ToString()), (all.GetProperty("revenueFrom").GetString(), all.GetProperty("revenueTo").GetString()));
        Assert.Equal(lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture), to.ToString());
        Assert.Equal(group.Id, root.Id());
        Assert.Equal(lyon.Id, all.GetProperty("accountId").GetGuid());
        AssertCounts(root.GetProperty("rolledUp"), subsidiaries: 3, contacts: 5, openTasks: 2, activities: 2, revenue: 400m);
        AssertCounts(root.GetProperty("own"), subsidiaries: 0, contacts: 1, openTasks: 0, activities: 0, revenue: 100m);
        var frNode = Child(root, france.Id);
        AssertCounts(frNode.GetProperty("rolledUp"), subsidiaries: 1, contacts: 2, openTasks: 1, activities: 1, revenue: 50m);
        var deNode = Child(root, germany.Id);
        AssertCounts(deNode.GetProperty("rolledUp"), subsidiaries: 0, contacts: 2, openTasks: 1, activities: 1, revenue: 250m);
        Assert.Equal(("DE", "Europe/Berlin", "EUR"), (deNode.Str("country"), deNode.Str("timeZone"), deNode.Str("currency")));
        Assert.Equal(junior.Id, deNode.GetProperty("owner").Id());
        Assert.Equal(stranger.Id, Assert.Single(deNode.GetProperty("team").EnumerateArray()).GetProperty("userId").GetGuid());

        // The senior sees their group and their junior's subsidiary, and nothing of the stranger's.
        var mine = await host.ClientFor(senior).GetAsync($"{Accounts}/{germany.Id}/hierarchy").ExpectAsync(HttpStatusCode.OK);
        var seniorRoot = mine.GetProperty("root");
        Assert.Equal(group.Id, seniorRoot.Id());
        Assert.Equal(germany.Id, Assert.Single(seniorRoot.GetProperty("subsidiaries").EnumerateArray()).Id());
        AssertCounts(seniorRoot.GetProperty("rolledUp"), subsidiaries: 1, contacts: 3, openTasks: 1, activities: 1, revenue: 350m);
        Assert.DoesNotContain(france.Id.ToString(), mine.ToString(), StringComparison.Ordinal);

        // The stranger sees France and Lyon, and Germany, whose team they are on, on its own: the group is out of their sight.
        var theirs = await host.ClientFor(stranger).GetAsync($"{Accounts}/{lyon.Id}/hierarchy").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(france.Id, theirs.GetProperty("root").Id());
        AssertCounts(theirs.GetProperty("root").GetProperty("rolledUp"), subsidiaries: 1, contacts: 2, openTasks: 1, activities: 1, revenue: 50m);
        var alone = await host.ClientFor(stranger).GetAsync($"{Accounts}/{germany.Id}/hierarchy").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(germany.Id, alone.GetProperty("root").Id());
        Assert.Empty(alone.GetProperty("root").GetProperty("subsidiaries").EnumerateArray());

        // The junior cannot see the group at all.
        var outsider = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        await host.ClientFor(outsider).GetAsync($"{Accounts}/{group.Id}/hierarchy").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private static JsonElement Child(JsonElement node, Guid id) =>
        node.GetProperty("subsidiaries").EnumerateArray().Single(n => n.Id() == id);

    private static void AssertCounts(JsonElement counts, int subsidiaries, int contacts, int openTasks, int activities, decimal revenue) =>
        Assert.Equal(
            (subsidiaries, contacts, openTasks, activities, revenue),
            (counts.GetProperty("subsidiaries").GetInt32(), counts.GetProperty("contacts").GetInt32(), counts.GetProperty("openTasks").GetInt32(),
                counts.GetProperty("recentActivities").GetInt32(), counts.GetProperty("revenue12Months").GetDecimal()));

    private static Task AddTaskAsync(KeystoneHost host, Guid accountId, Guid assignee, WorkTaskStatus status) => host.AsSystemAsync(async db =>
    {
        db.WorkTasks.Add(new WorkTask { AccountId = accountId, AssigneeId = assignee, Title = "Hierarchy task", DueDate = new DateOnly(2030, 1, 1), Status = status });
        await db.SaveChangesAsync();
    });

    private static Task AddActivityAsync(KeystoneHost host, Guid accountId, Guid owner, int daysAgo) => host.AsSystemAsync(async db =>
    {
        db.Activities.Add(new Activity
        {
            AccountId = accountId,
            OwnerId = owner,
            Type = ActivityType.Meeting,
            Status = ActivityStatus.Completed,
            StartsAt = DateTimeOffset.UtcNow.AddDays(-daysAgo),
            DurationMinutes = 30,
            Subject = "Hierarchy meeting",
        });
        await db.SaveChangesAsync();
    });
}
