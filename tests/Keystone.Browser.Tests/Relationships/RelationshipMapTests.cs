using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Accounts;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Contacts;
using Keystone.Core.Relationships;
using Keystone.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Relationships;

[Collection(SiteCollection.Name)]
public sealed class RelationshipMapTests(KeystoneSite site)
{
    [Fact]
    public async Task The_map_flags_the_decision_maker_nobody_owns_and_not_the_one_someone_does()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Rita Relations"));
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Watanabe Precision"),
            Tier = "standard",
        }));
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
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        await new AccountPage(page).GotoAsync(account.Id);
        var map = new RelationshipMapSection(page);

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
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, Unique.Name("Lars Large"));
        var account = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Großmann Holding"),
            Tier = "standard",
        }));
        // A chief executive with four directors, each with seven people: 33 in all, 25 shown.
        var ceo = await site.RunAsAsync(kam, db => CreateContact.HandleAsync(db, new ContactInput
        {
            AccountId = account.Id, FirstName = "Greta", LastName = Unique.Name("Top"), Title = "CEO",
        }));
        for (var d = 1; d <= 4; d++)
        {
            var director = await site.RunAsAsync(kam, db => CreateContact.HandleAsync(db, new ContactInput
            {
                AccountId = account.Id, FirstName = "Director", LastName = $"Mid{d}", ReportsToId = ceo.Id,
            }));
            for (var p = 1; p <= 7; p++)
            {
                await site.RunAsAsync(kam, db => CreateContact.HandleAsync(db, new ContactInput
                {
                    AccountId = account.Id, FirstName = "Staff", LastName = $"Low{d}{p}", ReportsToId = director.Id,
                }));
            }
        }

        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        await new AccountPage(page).GotoAsync(account.Id);
        var map = new RelationshipMapSection(page);

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
}
