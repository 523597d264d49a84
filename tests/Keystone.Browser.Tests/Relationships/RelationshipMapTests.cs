using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Accounts;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Contacts;
using Keystone.Core.Relationships;
using Keystone.Core.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Relationships;

[Collection(SiteCollection.Name)]
public sealed class RelationshipMapTests(KeystoneSite site)
{
    [Fact]
    public async Task The_map_flags_the_decision_maker_nobody_owns_and_not_the_one_someone_does()
    {
        var (kam, account) = await KamWithAccountAsync("Rita Relations", "Watanabe Precision");
        var ceo = await site.RunAsAsync(kam, db => CreateContact.HandleAsync(db, new ContactInput
        {
            AccountId = account.Id,
            FirstName = "Clara",
            LastName = Unique.Name("Chief"),
            Title = "CEO",
            BuyingRole = "decision-maker",
            Influence = 5,
            Attitude = "neutral",
        }));
        var coo = await site.RunAsAsync(kam, db => CreateContact.HandleAsync(db, new ContactInput
        {
            AccountId = account.Id,
            FirstName = "Omar",
            LastName = Unique.Name("Operations"),
            Title = "COO",
            ReportsToId = ceo.Id,
            BuyingRole = "decision-maker",
            Influence = 4,
            Attitude = "supporter",
            RelationshipOwnerId = kam.Id,
            RelationshipStrength = 4,
        }));

        await using var context = await site.NewContextAsync();
        var (page, map) = await OpenMapAsync(context, kam, account.Id);

        var unowned = map.Person($"{ceo.FirstName} {ceo.LastName}");
        var owned = map.Person($"{coo.FirstName} {coo.LastName}");
        await Expect(RelationshipMapSection.Flags(unowned, RelationshipMap.NoOwnerFlag)).ToHaveTextAsync("Decision maker without an owner on our side");
        await Expect(RelationshipMapSection.Flags(owned, RelationshipMap.NoOwnerFlag)).ToHaveCountAsync(0);
        await Expect(owned).ToContainTextAsync($"Owner {kam.DisplayName} · strength 4/5");
        await Expect(map.AccountFlags.Filter(new() { HasText = "No champion" })).ToBeVisibleAsync();
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_large_org_chart_shows_its_top_levels_first_and_the_rest_on_request()
    {
        var (kam, account) = await KamWithAccountAsync("Lars Large", "Großmann Holding");
        Task<ContactDetails> PersonAsync(string first, string last, Guid? reportsTo) =>
            site.RunAsAsync(kam, db => CreateContact.HandleAsync(db, new ContactInput
            {
                AccountId = account.Id, FirstName = first, LastName = last, ReportsToId = reportsTo,
            }));
        // A chief executive with four directors, each with seven people: 33 in all, 25 shown.
        var ceo = await PersonAsync("Greta", Unique.Name("Top"), null);
        for (var d = 1; d <= 4; d++)
        {
            var director = await PersonAsync("Director", $"Mid{d}", ceo.Id);
            for (var p = 1; p <= 7; p++)
            {
                await PersonAsync("Staff", $"Low{d}{p}", director.Id);
            }
        }

        await using var context = await site.NewContextAsync();
        var (page, map) = await OpenMapAsync(context, kam, account.Id);

        await Expect(map.People).ToHaveCountAsync(25);
        await Expect(map.Section.GetByTestId("relationship-map-excerpt")).ToHaveTextAsync("The top 25 of 33 people, level by level.");
        // Level by level (people of a level by name): every director, then the first 20 of their 28 people.
        await Expect(map.Person("Director Mid4")).ToBeVisibleAsync();
        await Expect(map.Person("Staff Low36")).ToBeVisibleAsync();
        await Expect(map.Person("Staff Low37")).ToHaveCountAsync(0);
        await Expect(map.Section.GetByTestId("relationship-hidden-below")).ToHaveTextAsync(["1 more person below", "7 more people below"]);

        await map.Section.GetByTestId("relationship-map-show-all").ClickAsync();
        await Expect(map.People).ToHaveCountAsync(33);
        await Expect(map.Section.GetByTestId("relationship-hidden-below")).ToHaveCountAsync(0);
        await Expect(map.Section.GetByTestId("relationship-map-show-all")).ToHaveCountAsync(0);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    private async Task<(TestUser Kam, AccountDetails Account)> KamWithAccountAsync(string kamName, string accountName)
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name(kamName));
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name(accountName),
            Tier = "standard",
        }));
        return (kam, account);
    }

    private static async Task<(IPage Page, RelationshipMapSection Map)> OpenMapAsync(IBrowserContext context, TestUser user, Guid accountId)
    {
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(user);
        await new AccountPage(page).GotoAsync(accountId);
        return (page, new RelationshipMapSection(page));
    }
}
