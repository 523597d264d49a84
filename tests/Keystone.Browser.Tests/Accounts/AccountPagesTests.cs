using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Accounts;

[Collection(SiteCollection.Name)]
public sealed partial class AccountPagesTests(KeystoneSite site)
{
    [Fact]
    public async Task A_junior_kam_creates_an_account_which_the_list_shows_and_search_finds()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Jo Junior");
        var other = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput { Name = Unique.Name("Südhafen Trading") }));
        var name = Unique.Name("Nordwind Logistics");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        var list = new AccountsPage(page);
        await list.GotoAsync();

        await list.NewAccountButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(NewAccountUrl());
        var form = new AccountFormPage(page);
        await form.WaitUntilReadyAsync();
        await Expect(form.Owner).ToHaveValueAsync(kam.DisplayName);
        await form.Name.FillAsync(name);
        await form.LegalName.FillAsync($"{name} GmbH");
        await form.Industry.FillAsync("Logistics");
        await form.Country.FillAsync("DE");
        await form.ChooseTimeZoneAsync("Europe/Berlin");
        await form.Currency.FillAsync("EUR");
        await form.Website.FillAsync("https://nordwind.example");
        // Tiers are the head of KAM's to set (ADR 0006): a KAM's new account is standard.
        await Expect(form.Tier).ToBeDisabledAsync();
        await form.SaveAsync();

        var account = new AccountPage(page);
        await account.WaitUntilReadyAsync();
        await Expect(account.Name).ToHaveTextAsync(name);
        await Expect(account.Tier).ToHaveTextAsync("Standard");
        await Expect(account.Owner).ToHaveTextAsync(kam.DisplayName);
        await Expect(account.Detail("Industry")).ToHaveTextAsync("Logistics");
        await Expect(account.Detail("Country")).ToHaveTextAsync("Germany (DE)");
        await Expect(account.Detail("Time zone")).ToHaveTextAsync("Europe/Berlin");
        await Expect(account.Detail("Currency")).ToHaveTextAsync("EUR");
        await Expect(account.Detail("Website")).ToContainTextAsync("https://nordwind.example");
        var saved = await site.RunAsAsync(kam, db => GetAccount.HandleAsync(db, account.Id));
        Assert.Equal((name, $"{name} GmbH", "standard", kam.Id), (saved.Name, saved.LegalName, saved.Tier, saved.Owner.Id));

        await list.GotoAsync();
        await Expect(list.AccountLinks).ToHaveCountAsync(2);
        await Expect(list.AccountLink(name)).ToBeVisibleAsync();
        await Expect(list.AccountLink(other.Name)).ToBeVisibleAsync();
        await list.SearchAsync($"nordwind {name.Split(' ')[^1]}");
        await Expect(list.AccountLinks).ToHaveCountAsync(1);
        await Expect(list.AccountLink(name)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Editing_an_account_shows_the_new_values_and_the_change_in_its_history()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var colleague = await site.CreateUserAsync(KeystoneRole.Contributor, "Chris Contributor");
        // Only this account's own page is visited: its names need not be unique.
        var original = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = "Alpenrot Foods",
            LegalName = "Alpenrot Foods GmbH",
            Industry = "Food",
            Country = "AT",
            TimeZone = "Europe/Vienna",
            Currency = "EUR",
            Website = "https://alpenrot.example",
            Tier = "standard",
            Team = new[] { new TeamMemberInput(colleague.Id, "Support lead") },
        }));
        const string newName = "Alpenrot Food Group";
        // The head of KAM edits: only they change a tier directly (ADR 0006).
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(head);
        var account = new AccountPage(page);
        await account.GotoAsync(original.Id);
        await Expect(account.HistoryEntries).ToHaveCountAsync(1);

        await account.EditButton.ClickAsync();
        var form = new AccountFormPage(page);
        await Expect(page).ToHaveURLAsync(new Regex($"/accounts/{original.Id}/edit$"));
        await form.WaitUntilReadyAsync();
        await Expect(form.Name).ToHaveValueAsync(original.Name);
        await form.Name.FillAsync(newName);
        await form.Industry.FillAsync("Food and beverages");
        await form.ChooseTierAsync("Strategic key account");
        await form.SaveAsync();

        await account.WaitUntilReadyAsync();
        Assert.Equal(original.Id, account.Id);
        await Expect(account.Name).ToHaveTextAsync(newName);
        await Expect(account.Detail("Industry")).ToHaveTextAsync("Food and beverages");
        await Expect(account.Tier).ToHaveTextAsync("Strategic key account");
        await Expect(account.Detail("Country")).ToHaveTextAsync("Austria (AT)");
        await Expect(account.Team).ToHaveTextAsync($"{colleague.DisplayName} · Support lead");
        await Expect(account.HistoryEntries).ToHaveCountAsync(2);
        var change = account.HistoryEntries.First;
        await Expect(change).ToContainTextAsync(head.DisplayName);
        await Expect(AccountPage.HistoryChange(change, "Name")).ToHaveTextAsync(Changed("Name", original.Name, newName));
        await Expect(AccountPage.HistoryChange(change, "Industry")).ToHaveTextAsync(Changed("Industry", "Food", "Food and beverages"));
        await Expect(AccountPage.HistoryChange(change, "Tier")).ToHaveTextAsync(Changed("Tier", "Standard", "Strategic key account"));
        await Expect(change).Not.ToContainTextAsync("Country:");

        // The README's screenshot: an account page with its history, at the default 1280×800.
        if (Environment.GetEnvironmentVariable("KEYSTONE_SCREENSHOT_OUT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new() { Path = screenshot });
        }
    }

    [Fact]
    public async Task A_save_over_a_colleagues_change_is_stopped_keeps_what_was_typed_and_can_then_overwrite()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        var colleague = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        var original = await site.RunAsAsync(kam, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = Unique.Name("Kestrel Energy"),
            Industry = "Energy",
            Tier = "standard",
        }));
        var mine = Unique.Name("Kestrel Power");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        var form = new AccountFormPage(page);
        await form.GotoEditAsync(original.Id);
        await Expect(form.Name).ToHaveValueAsync(original.Name);

        // The colleague saves while the edit page is open.
        await site.RunAsAsync(colleague, db => UpdateAccount.HandleAsync(db, original.Id, original.Version, new AccountInput { Industry = "Renewable energy" }));
        await form.Name.FillAsync(mine);
        await form.SaveAsync();

        await Expect(form.Conflict).ToContainTextAsync("changed by someone else");
        await Expect(form.Name).ToHaveValueAsync(mine);
        await Expect(form.ConflictRow("Name")).ToContainTextAsync(mine);
        await Expect(form.ConflictRow("Industry")).ToContainTextAsync("Renewable energy");
        await Expect(form.OverwriteButton).ToHaveTextAsync("Save mine over theirs");
        await Expect(form.ReloadButton).ToBeVisibleAsync();
        var stored = await site.RunAsAsync(kam, db => GetAccount.HandleAsync(db, original.Id));
        Assert.Equal((original.Name, "Renewable energy", original.Version + 1), (stored.Name, stored.Industry, stored.Version));

        await form.OverwriteButton.ClickAsync();

        var account = new AccountPage(page);
        await account.WaitUntilReadyAsync();
        await Expect(account.Name).ToHaveTextAsync(mine);
        stored = await site.RunAsAsync(kam, db => GetAccount.HandleAsync(db, original.Id));
        // Every field of the form wins, also the industry the colleague had changed: the conflict table showed it.
        Assert.Equal((mine, "Energy", original.Version + 2), (stored.Name, stored.Industry, stored.Version));
    }

    // The history shows "Field: old → new" (the arrow is read out as "changed to").
    private static Regex Changed(string field, string from, string to) =>
        new($@"^\s*{Regex.Escape(field)}:\s*{Regex.Escape(from)}\s*→[\s\S]*\s{Regex.Escape(to)}\s*$");

    [GeneratedRegex("/accounts/new$")]
    private static partial Regex NewAccountUrl();
}
