using System.Net;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Access;

/// <summary>Cookie sign-in through the login page, as a browser posts it.</summary>
public sealed class SignInTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Login = "/account/login";
    private const string WrongPassword = "The email or password is wrong";
    private const string LockedOut = "Too many failed attempts";

    [Theory, AllDatabases]
    public async Task The_right_password_signs_in_with_an_http_only_same_site_lax_cookie(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var browser = new BrowserSession(host);

        using var response = await SignInAsync(browser, user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("keystone.auth=", StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).ToList();
        Assert.Contains("httponly", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/", attributes, StringComparer.OrdinalIgnoreCase);
    }

    [Theory, AllDatabases]
    public async Task The_antiforgery_cookie_is_http_only(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        using var browser = new BrowserSession(host);

        using var response = await browser.GetAsync(Login);
        await response.ExpectHtmlAsync(HttpStatusCode.OK);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("keystone.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie.Split(';', StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
    }

    [Theory, AllDatabases]
    public async Task Five_wrong_passwords_lock_the_account_so_the_right_one_no_longer_signs_in(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var browser = new BrowserSession(host);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var failed = await SignInAsync(browser, user.Email, "Wrong-password-" + attempt);
            var page = await failed.ExpectHtmlAsync(HttpStatusCode.OK);
            Assert.Contains(WrongPassword, page, StringComparison.Ordinal);
            Assert.False(SetsAuthCookie(failed));
        }
        using (var fifth = await SignInAsync(browser, user.Email, "Wrong-password-5"))
        {
            await fifth.ExpectHtmlAsync(HttpStatusCode.OK);
            Assert.False(SetsAuthCookie(fifth));
        }
        using var sixth = await SignInAsync(browser, user.Email, user.Password);

        var locked = await sixth.ExpectHtmlAsync(HttpStatusCode.OK);
        Assert.Contains(LockedOut, locked, StringComparison.Ordinal);
        Assert.False(SetsAuthCookie(sixth));
    }

    [Theory, AllDatabases]
    public async Task Four_wrong_passwords_do_not_lock_the_account(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var browser = new BrowserSession(host);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var failed = await SignInAsync(browser, user.Email, "Wrong-password-" + attempt);
            await failed.ExpectHtmlAsync(HttpStatusCode.OK);
        }
        using var fifth = await SignInAsync(browser, user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Found, fifth.StatusCode);
        Assert.True(SetsAuthCookie(fifth));
    }

    [Theory, AllDatabases]
    public async Task A_login_post_without_the_antiforgery_token_is_refused(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var browser = new BrowserSession(host);
        var fields = await browser.FormFieldsAsync(Login);
        fields.Remove("__RequestVerificationToken");
        fields["Input.Email"] = user.Email;
        fields["Input.Password"] = user.Password;

        using var response = await browser.PostFormAsync(Login, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(SetsAuthCookie(response));
    }

    [Theory, AllDatabases]
    public async Task A_signed_in_cookie_does_not_authenticate_the_api(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.Administrator);
        using var browser = new BrowserSession(host);
        using var signedIn = await SignInAsync(browser, user.Email, user.Password);
        Assert.True(SetsAuthCookie(signedIn));

        using var response = await browser.GetAsync("/api/v1/me");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, AllDatabases]
    public async Task Logout_needs_the_antiforgery_token_of_the_signed_in_user(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var browser = new BrowserSession(host);
        using var signedIn = await SignInAsync(browser, user.Email, user.Password);
        Assert.True(SetsAuthCookie(signedIn));

        using var forged = await browser.PostFormAsync("/account/logout", []);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(ClearsAuthCookie(forged));

        // Any form rendered for the signed-in user carries a token for them; the login page is the simplest.
        var fields = await browser.FormFieldsAsync(Login);
        using var loggedOut = await browser.PostFormAsync("/account/logout", [new("__RequestVerificationToken", fields["__RequestVerificationToken"])]);
        Assert.True(loggedOut.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"Logout answered {(int)loggedOut.StatusCode}.");
        Assert.Equal(Login, loggedOut.Headers.Location?.OriginalString);
        Assert.True(ClearsAuthCookie(loggedOut));
    }

    private static async Task<HttpResponseMessage> SignInAsync(BrowserSession browser, string email, string password)
    {
        var fields = await browser.FormFieldsAsync(Login);
        Assert.Equal("login", fields["_handler"]);
        Assert.True(fields.ContainsKey("__RequestVerificationToken"), "The login form has no antiforgery token.");
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await browser.PostFormAsync(Login, fields);
    }

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith("keystone.auth=", StringComparison.Ordinal) && !c.StartsWith("keystone.auth=;", StringComparison.Ordinal));

    private static bool ClearsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith("keystone.auth=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
}
