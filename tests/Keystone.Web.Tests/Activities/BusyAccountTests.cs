using System.Net;
using Keystone.Core.Activities;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Activities;

/// <summary>
/// An account with ten thousand activities still opens with one page of its timeline. How fast is
/// for bench/; this checks the shape: a page at a time, every activity reachable, the page renders.
/// </summary>
public sealed class BusyAccountTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const int Count = 10_000;

    [Theory, AllDatabases]
    public async Task An_account_with_ten_thousand_activities_pages_its_timeline_and_opens(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam, name: $"Busy {Guid.NewGuid():N}"[..20]);
        var start = new DateTimeOffset(2020, 1, 1, 8, 0, 0, TimeSpan.Zero);
        await SeedAsync(host, account.Id, kam.Id, start);
        var client = host.ClientFor(kam);

        var first = await client.GetAsync($"/api/v1/activities?accountId={account.Id}&pageSize=50").ExpectAsync(HttpStatusCode.OK);
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(50, items.Count);
        Assert.Equal(Count, first.GetProperty("total").GetInt32());
        // Newest first: the last one seeded leads.
        Assert.Equal(start.AddHours(Count - 1), items[0].GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(start.AddHours(Count - 50), items[^1].GetProperty("startsAt").GetDateTimeOffset());

        // The keyset goes on where the page ended, also under a filter.
        var second = await client.GetAsync($"/api/v1/activities?accountId={account.Id}&pageSize=50&pageToken={Uri.EscapeDataString(first.Str("nextPageToken")!)}")
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(start.AddHours(Count - 51), second.GetProperty("items")[0].GetProperty("startsAt").GetDateTimeOffset());
        var calls = await client.GetAsync($"/api/v1/activities?accountId={account.Id}&type=call&pageSize=10").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Count / 2, calls.GetProperty("total").GetInt32());
        Assert.All(calls.GetProperty("items").EnumerateArray(), a => Assert.Equal("call", a.Str("type")));

        var details = await client.GetAsync($"/api/v1/accounts/{account.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(account.Name, details.Str("name"));

        // The account page renders the first page of the timeline, not all of it.
        using var browser = new BrowserSession(host);
        await SignInAsync(host, browser, kam);
        using var page = await browser.GetAsync($"/accounts/{account.Id}");
        var html = await page.ExpectHtmlAsync(HttpStatusCode.OK);
        Assert.Contains($"Busy activity {Count - 1}<", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"Busy activity {Count - 100}<", html, StringComparison.Ordinal);
        Assert.Contains($"of {Count} shown", html, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task The_timeline_query_has_an_index_that_leads_with_the_account(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        using var scope = host.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>().Model;
        var indexes = model.FindEntityType(typeof(Activity))!.GetIndexes()
            .Select(i => i.Properties.Select(p => p.Name).ToArray()).ToList();
        Assert.Contains(indexes, i => i.SequenceEqual(["AccountId", "StartsAt", "Id"]));
    }

    /// <summary>Writes the activities with the bulk writer of the database, as <c>keystone seed scale</c> does: no audit trail, one round of inserts.</summary>
    private static Task SeedAsync(KeystoneHost host, Guid accountId, Guid ownerId, DateTimeOffset start) =>
        host.AsSystemAsync<bool>(async (db, services) =>
        {
            var provider = services.GetRequiredService<IDatabaseProvider>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using (var writer = await provider.BeginBulkWriteAsync(db, typeof(Activity), CancellationToken.None))
            {
                for (var i = 0; i < Count; i++)
                {
                    var at = start.AddHours(i);
                    await writer.AddAsync(new Activity
                    {
                        AccountId = accountId,
                        Type = i % 2 == 0 ? ActivityType.Meeting : ActivityType.Call,
                        Status = ActivityStatus.Completed,
                        StartsAt = at,
                        TimeZone = "UTC",
                        DurationMinutes = 30,
                        Subject = $"Busy activity {i}",
                        OwnerId = ownerId,
                        CreatedAt = at,
                        UpdatedAt = at,
                        Version = 1,
                    }, CancellationToken.None);
                }
                await writer.CompleteAsync(CancellationToken.None);
            }
            await transaction.CommitAsync();
            return true;
        });

    private static async Task SignInAsync(KeystoneHost host, BrowserSession browser, TestUser user)
    {
        await host.AsSystemAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false)));
        var fields = await browser.FormFieldsAsync("/account/login");
        fields["Input.Email"] = user.Email;
        fields["Input.Password"] = user.Password;
        using var response = await browser.PostFormAsync("/account/login", fields);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }
}
