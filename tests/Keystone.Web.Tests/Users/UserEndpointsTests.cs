using System.Net;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Users;

public sealed class UserEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Users = "/api/v1/users";

    [Theory, AllDatabases]
    public async Task An_administrator_adds_a_user_and_gets_their_one_time_password_once(DatabaseKind db)
    {
        var (host, _, admin) = await AdminAsync(db);
        var email = $"New.Colleague.{Guid.NewGuid():N}@Example.com";

        using var response = await admin.PostJsonAsync(Users, new { email, displayName = "New Colleague", role = "junior-kam" });
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        var user = created.GetProperty("user");
        var password = created.Str("oneTimePassword")!;
        Assert.Equal($"/api/v1/users/{user.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(email.ToLowerInvariant(), user.Str("email"));
        Assert.Equal("junior-kam", user.Str("role"));
        Assert.True(user.GetProperty("mustChangePassword").GetBoolean());
        Assert.True(user.GetProperty("isActive").GetBoolean());
        Assert.Equal(20, password.Length);
        Assert.True(await PasswordWorksAsync(host, user.Id(), password));
        var fetched = await admin.GetAsync($"{Users}/{user.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(password, fetched.GetRawText(), StringComparison.Ordinal);
        Assert.False(fetched.TryGetProperty("oneTimePassword", out _));
    }

    [Theory]
    [AllDatabases(KeystoneRole.HeadOfKam)]
    [AllDatabases(KeystoneRole.SeniorKam)]
    [AllDatabases(KeystoneRole.Viewer)]
    public async Task Only_an_administrator_adds_or_changes_users(DatabaseKind db, KeystoneRole role)
    {
        var host = await fixture.HostAsync(db);
        var caller = await host.CreateUserAsync(role);
        var other = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(caller);
        var email = $"never-{Guid.NewGuid():N}@example.com";

        await client.PostJsonAsync(Users, new { email, role = "administrator" }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.PatchJsonAsync($"{Users}/{caller.Id}", new { role = "administrator" }, "*").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.PatchJsonAsync($"{Users}/{other.Id}", new { isActive = false }, "*").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.PostAsync($"{Users}/{other.Id}/password-reset", null).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var everyone = await client.GetAsync($"{Users}?includeInactive=true").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(everyone.EnumerateArray(), u => u.Str("email") == email);
        var me = await client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(role.ToIdentifier(), me.Str("role"));
        Assert.True(await PasswordWorksAsync(host, other.Id, other.Password));
    }

    [Theory, AllDatabases]
    public async Task A_new_user_needs_a_unique_email_and_a_known_role(DatabaseKind db)
    {
        var (host, _, admin) = await AdminAsync(db);
        var existing = await host.CreateUserAsync(KeystoneRole.Viewer);

        await admin.PostJsonAsync(Users, new { email = existing.Email.ToUpperInvariant(), role = "viewer" }).ExpectFieldErrorsAsync("email");
        await admin.PostJsonAsync(Users, new { email = "not-an-email", role = "viewer" }).ExpectFieldErrorsAsync("email");
        await admin.PostJsonAsync(Users, new { role = "viewer" }).ExpectFieldErrorsAsync("email");
        var problem = await admin.PostJsonAsync(Users, new { email = $"r-{Guid.NewGuid():N}@example.com", role = "overlord" }).ExpectFieldErrorsAsync("role");
        await admin.PostJsonAsync(Users, new { email = $"p-{Guid.NewGuid():N}@example.com", role = "viewer", password = "chosen-by-me" }).ExpectFieldErrorsAsync("password");

        Assert.Contains("junior-kam", problem.ErrorsOf("role")[0], StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task A_user_who_owns_accounts_cannot_become_a_role_that_owns_none(DatabaseKind db)
    {
        var (host, _, admin) = await AdminAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var idle = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        await host.CreateAccountAsync(owner, "Still owned");

        var problem = await admin.PatchJsonAsync($"{Users}/{owner.Id}", new { role = "viewer" }, "*").ExpectFieldErrorsAsync("role");
        await admin.PatchJsonAsync($"{Users}/{owner.Id}", new { role = "contributor" }, "*").ExpectFieldErrorsAsync("role");
        var promoted = await admin.PatchJsonAsync($"{Users}/{owner.Id}", new { role = "senior-kam" }, "*").ExpectAsync(HttpStatusCode.OK);
        var demoted = await admin.PatchJsonAsync($"{Users}/{idle.Id}", new { role = "viewer" }, "*").ExpectAsync(HttpStatusCode.OK);

        Assert.Contains("owns accounts", problem.ErrorsOf("role")[0], StringComparison.Ordinal);
        Assert.Equal("senior-kam", promoted.Str("role"));
        Assert.Equal("viewer", demoted.Str("role"));
    }

    [Theory, AllDatabases]
    public async Task A_manager_is_an_active_kam_and_management_cannot_loop(DatabaseKind db)
    {
        var (host, _, admin) = await AdminAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);

        await admin.PatchJsonAsync($"{Users}/{senior.Id}", new { manager = junior.Id.ToString() }, "*").ExpectFieldErrorsAsync("manager");
        await admin.PatchJsonAsync($"{Users}/{senior.Id}", new { manager = senior.Id.ToString() }, "*").ExpectFieldErrorsAsync("manager");
        await admin.PatchJsonAsync($"{Users}/{junior.Id}", new { manager = viewer.Id.ToString() }, "*").ExpectFieldErrorsAsync("manager");
        await admin.PatchJsonAsync($"{Users}/{junior.Id}", new { manager = Guid.NewGuid().ToString() }, "*").ExpectFieldErrorsAsync("manager");
        var released = await admin.PatchJsonAsync($"{Users}/{junior.Id}", new { manager = (string?)null }, "*").ExpectAsync(HttpStatusCode.OK);
        var managed = await admin.PatchJsonAsync($"{Users}/{junior.Id}", new { manager = senior.Email }, "*").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(System.Text.Json.JsonValueKind.Null, released.GetProperty("managerId").ValueKind);
        Assert.Equal(senior.Id, managed.GetProperty("managerId").GetGuid());
        Assert.Equal(senior.DisplayName, managed.Str("managerName"));
    }

    [Theory, AllDatabases]
    public async Task Me_answers_the_caller_with_their_manager_in_one_read(DatabaseKind db)
    {
        var (host, _, _) = await AdminAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        using var juniorClient = host.ClientFor(junior);
        using var seniorClient = host.ClientFor(senior);

        // Alternating callers: each answer is the caller's own, never the previous request's.
        for (var i = 0; i < 3; i++)
        {
            var mine = await juniorClient.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(junior.Id, mine.GetProperty("id").GetGuid());
            Assert.Equal(senior.Id, mine.GetProperty("managerId").GetGuid());
            Assert.Equal(senior.DisplayName, mine.Str("managerName"));

            var theirs = await seniorClient.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(senior.Id, theirs.GetProperty("id").GetGuid());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, theirs.GetProperty("managerId").ValueKind);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, theirs.GetProperty("managerName").ValueKind);
        }
    }

    [Theory, AllDatabases]
    public async Task A_user_patch_needs_the_current_etag(DatabaseKind db)
    {
        var (host, _, admin) = await AdminAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.Contributor);
        using var read = await admin.GetAsync($"{Users}/{user.Id}");
        await read.ExpectAsync(HttpStatusCode.OK);
        var etag = read.ETag();

        await admin.PatchJsonAsync($"{Users}/{user.Id}", new { displayName = "No tag" }, null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        using var renamed = await admin.PatchJsonAsync($"{Users}/{user.Id}", new { displayName = "First rename" }, etag);
        var first = await renamed.ExpectAsync(HttpStatusCode.OK);
        await admin.PatchJsonAsync($"{Users}/{user.Id}", new { displayName = "Second rename" }, etag).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await admin.PatchJsonAsync($"{Users}/{user.Id}", new { createdAt = "2020-01-01" }, renamed.ETag()).ExpectFieldErrorsAsync("createdAt");

        Assert.NotEqual(etag, renamed.ETag());
        Assert.Equal("First rename", first.Str("displayName"));
        var current = await admin.GetAsync($"{Users}/{user.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("First rename", current.Str("displayName"));
    }

    [Theory, AllDatabases]
    public async Task Deactivated_users_leave_the_list_but_not_the_administrators_full_list(DatabaseKind db)
    {
        var (host, adminUser, admin) = await AdminAsync(db);
        var leaver = await host.CreateUserAsync(KeystoneRole.Contributor);
        var colleague = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var colleagueClient = host.ClientFor(colleague);

        var self = await admin.PatchJsonAsync($"{Users}/{adminUser.Id}", new { isActive = false }, "*").ExpectFieldErrorsAsync("isActive");
        var deactivated = await admin.PatchJsonAsync($"{Users}/{leaver.Id}", new { isActive = false }, "*").ExpectAsync(HttpStatusCode.OK);

        Assert.False(deactivated.GetProperty("isActive").GetBoolean());
        Assert.Contains("yourself", self.ErrorsOf("isActive")[0], StringComparison.Ordinal);
        var active = await admin.GetAsync(Users).ExpectAsync(HttpStatusCode.OK);
        var all = await admin.GetAsync($"{Users}?includeInactive=true").ExpectAsync(HttpStatusCode.OK);
        var asked = await colleagueClient.GetAsync($"{Users}?includeInactive=true").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(active.EnumerateArray(), u => u.Id() == leaver.Id);
        Assert.Contains(all.EnumerateArray(), u => u.Id() == leaver.Id);
        Assert.DoesNotContain(asked.EnumerateArray(), u => u.Id() == leaver.Id);
        Assert.Contains(asked.EnumerateArray(), u => u.Id() == colleague.Id);
    }

    [Theory, AllDatabases]
    public async Task A_password_reset_issues_a_new_one_time_password_and_retires_the_old_one(DatabaseKind db)
    {
        var (host, _, admin) = await AdminAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.SeniorKam);

        var reset = await admin.PostAsync($"{Users}/{user.Id}/password-reset", null).ExpectAsync(HttpStatusCode.OK);
        await admin.PostAsync($"{Users}/{Guid.NewGuid()}/password-reset", null).ExpectProblemAsync(HttpStatusCode.NotFound);

        var password = reset.Str("oneTimePassword")!;
        Assert.NotEqual(user.Password, password);
        Assert.True(reset.GetProperty("user").GetProperty("mustChangePassword").GetBoolean());
        Assert.True(await PasswordWorksAsync(host, user.Id, password));
        Assert.False(await PasswordWorksAsync(host, user.Id, user.Password));
    }

    [Theory, AllDatabases]
    public async Task Me_is_the_caller(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        using var client = host.ClientFor(junior);

        var me = await client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(junior.Id, me.Id());
        Assert.Equal(junior.DisplayName, me.Str("displayName"));
        Assert.Equal(senior.Id, me.GetProperty("managerId").GetGuid());
    }

    private async Task<(KeystoneHost Host, TestUser Admin, HttpClient Client)> AdminAsync(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        return (host, admin, host.ClientFor(admin));
    }

    private static Task<bool> PasswordWorksAsync(KeystoneHost host, Guid userId, string password) =>
        host.AsSystemAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<KeystoneUser>>();
            var user = await users.FindByIdAsync(userId.ToString());
            return user is not null && await users.CheckPasswordAsync(user, password);
        });
}
