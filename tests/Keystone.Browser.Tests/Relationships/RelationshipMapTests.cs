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
}
