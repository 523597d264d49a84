using Keystone.Browser.Tests.Hosting;
using Microsoft.Playwright;

namespace Keystone.Browser.Tests.Layout;

/// <summary>The frame around every signed-in page: app bar, navigation drawer, sign-out.</summary>
public sealed class AppLayout(IPage page)
{
    public ILocator SignedInUser => page.GetByTestId("signed-in-user");

    public ILocator SignOutButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });

    public ILocator MenuButton => page.GetByRole(AriaRole.Button, new() { Name = "Open navigation" });

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    public ILocator NavLink(string name) => Navigation.GetByRole(AriaRole.Link, new() { Name = name });

    public Task WaitUntilInteractiveAsync() => BlazorCircuit.WaitUntilInteractiveAsync(page);
}
