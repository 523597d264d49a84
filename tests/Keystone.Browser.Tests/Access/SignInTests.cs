using System.Text.RegularExpressions;
using Keystone.Browser.Tests.Hosting;
using Keystone.Browser.Tests.Layout;
using Keystone.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Access;

[Collection(SiteCollection.Name)]
public sealed partial class SignInTests(KeystoneSite site)
{
    [Fact]
    public async Task A_wrong_password_is_refused_and_the_right_one_signs_in()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Jo Junior");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = new LoginPage(page);
        var layout = new AppLayout(page);

        await login.GotoAsync();
        await login.SignInAsync(kam.Email, kam.Password + "x");
        await Expect(login.Error).ToContainTextAsync("email or password is wrong");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(layout.SignedInUser).ToHaveCountAsync(0);

        await login.SignInAsync(kam.Email, kam.Password);
        await Expect(page).ToHaveURLAsync(site.BaseUrl + "/");
        await Expect(layout.SignedInUser).ToContainTextAsync(kam.DisplayName);
        await Expect(layout.SignedInUser).ToContainTextAsync("Junior KAM");
    }

    [Fact]
    public async Task Signing_out_leads_back_to_the_login_page_and_the_account_list_then_asks_to_sign_in()
    {
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = new LoginPage(page);
        var layout = new AppLayout(page);
        await login.GotoAsync();
        await login.SignInAsync(kam.Email, kam.Password);
        await Expect(layout.SignedInUser).ToContainTextAsync(kam.DisplayName);
        await layout.WaitUntilInteractiveAsync();

        await layout.SignOutButton.ClickAsync();

        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(login.Heading).ToBeVisibleAsync();
        await page.GotoAsync("/accounts");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(login.SignInButton).ToBeVisibleAsync();
        Assert.Contains("returnUrl=%2Faccounts", page.Url, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"/account/login(\?.*)?$")]
    private static partial Regex LoginUrl();
}
