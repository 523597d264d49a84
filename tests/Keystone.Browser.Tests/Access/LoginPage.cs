using Keystone.Browser.Tests.Hosting;
using Keystone.Browser.Tests.Layout;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Access;

/// <summary>The sign-in page: a static form, usable before any circuit starts.</summary>
public sealed class LoginPage(IPage page)
{
    public const string Path = "/account/login";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Keystone", Level = 1 });

    public ILocator Email => page.GetByLabel("Email");

    public ILocator Password => page.GetByLabel("Password");

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });

    public ILocator Error => page.GetByTestId("login-error");

    public async Task GotoAsync() => await page.GotoAsync(Path);

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    /// <summary>Signs <paramref name="user"/> in from the login page and waits for the signed-in app.</summary>
    public async Task SignInAsAsync(TestUser user)
    {
        await GotoAsync();
        await SignInAsync(user.Email, user.Password);
        await Expect(new AppLayout(page).SignOutButton).ToBeVisibleAsync();
    }
}
