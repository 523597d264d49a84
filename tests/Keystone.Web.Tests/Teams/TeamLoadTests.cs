using System.Net;
using System.Text.Json;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Teams;

/// <summary>Each KAM's accounts by tier against capacity, shown to whom the role allows.</summary>
public sealed class TeamLoadTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Load = "/api/v1/team/load";

    [Theory, AllDatabases]
    public async Task Each_role_sees_the_load_of_the_kams_it_may_see_with_over_capacity_flagged(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);

        // The senior: 1 strategic + 3 key (over the default 3), 2 managed, 1 standard. The junior: 1 key.
        foreach (var tier in new[] { "strategic", "key", "key", "key", "managed", "managed", "standard" })
        {
            await AccountAsync(host, senior, tier);
        }
        await AccountAsync(host, junior, "key");
        await AccountAsync(host, stranger, "managed");

        var headView = await host.ClientFor(head).GetAsync(Load).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, headView.GetProperty("strategicOrKeyCapacity").GetInt32());
        Assert.Equal(25, headView.GetProperty("managedCapacity").GetInt32());
        var seniorRow = Row(headView, senior.Id)!.Value;
        Assert.Equal((1, 3, 2, 1, 7, 4), (Int(seniorRow, "strategic"), Int(seniorRow, "key"), Int(seniorRow, "managed"), Int(seniorRow, "standard"), Int(seniorRow, "total"), Int(seniorRow, "strategicOrKey")));
        Assert.True(seniorRow.GetProperty("overCapacity").GetBoolean());
        Assert.True(seniorRow.GetProperty("strategicOrKeyOverCapacity").GetBoolean());
        Assert.False(seniorRow.GetProperty("managedOverCapacity").GetBoolean());
        Assert.Equal(junior.Id, Assert.Single(seniorRow.GetProperty("juniors").EnumerateArray()).Id());
        var juniorRow = Row(headView, junior.Id)!.Value;
        Assert.False(juniorRow.GetProperty("overCapacity").GetBoolean());
        Assert.Equal(senior.Id, juniorRow.GetProperty("manager").Id());
        Assert.NotNull(Row(headView, stranger.Id));

        var seniorView = await host.ClientFor(senior).GetAsync(Load).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { junior.Id, senior.Id }.Order(), seniorView.GetProperty("kams").EnumerateArray().Select(k => k.GetProperty("kam").Id()).Order());
        Assert.Equal(4, Int(Row(seniorView, senior.Id)!.Value, "strategicOrKey"));

        var juniorView = await host.ClientFor(junior).GetAsync(Load).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(junior.Id, Assert.Single(juniorView.GetProperty("kams").EnumerateArray()).GetProperty("kam").Id());
        Assert.Equal(1, Int(Row(juniorView, junior.Id)!.Value, "key"));

        var viewerView = await host.ClientFor(viewer).GetAsync(Load).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(viewerView.GetProperty("kams").EnumerateArray());
    }

    private static JsonElement? Row(JsonElement view, Guid kam) =>
        view.GetProperty("kams").EnumerateArray().Where(k => k.GetProperty("kam").Id() == kam).Select(k => (JsonElement?)k).SingleOrDefault();

    private static int Int(JsonElement row, string name) => row.GetProperty(name).GetInt32();

    private static Task<AccountDetails> AccountAsync(KeystoneHost host, TestUser owner, string tier) =>
        host.CreateAccountAsync(owner, more: new AccountInput { Tier = tier });
}
