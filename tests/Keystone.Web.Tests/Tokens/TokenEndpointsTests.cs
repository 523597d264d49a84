using System.Net;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keystone.Web.Tests.Tokens;

/// <summary>The app on a clock the tests move, so that tokens can expire without waiting.</summary>
public sealed class FakeClockFixture : KeystoneFixture
{
    protected override Action<IServiceCollection>? ServiceOverrides(DatabaseKind kind) =>
        services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow));

    public async Task<(KeystoneHost Host, FakeTimeProvider Clock)> HostWithClockAsync(DatabaseKind kind)
    {
        var host = await HostAsync(kind);
        return (host, (FakeTimeProvider)host.Services.GetRequiredService<TimeProvider>());
    }
}

public sealed class TokenEndpointsTests(FakeClockFixture fixture) : IClassFixture<FakeClockFixture>
{
    private const string Tokens = "/api/v1/tokens";

    [Theory, AllDatabases]
    public async Task A_new_token_shows_its_secret_once_and_the_secret_signs_in_as_its_user(DatabaseKind db)
    {
        var (host, clock) = await fixture.HostWithClockAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.Viewer);
        using var client = host.ClientFor(user);

        using var response = await client.PostJsonAsync(Tokens, new { name = "Reporting script", expiresInDays = 30 });
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        var secret = created.Str("secret")!;
        var token = created.GetProperty("token");
        Assert.StartsWith("ks_", secret, StringComparison.Ordinal);
        Assert.StartsWith(token.Str("hint")!, secret, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/tokens/{token.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(clock.GetUtcNow().AddDays(30), token.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        using var withSecret = host.ClientWithToken(secret);
        var me = await withSecret.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(user.Id, me.Id());

        using var listed = await client.GetAsync(Tokens);
        var body = await listed.Content.ReadAsStringAsync();
        var tokens = await listed.ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[token.Str("hint")!.Length..], body, StringComparison.Ordinal);
        var entry = Assert.Single(tokens.EnumerateArray(), t => t.Id() == token.Id());
        Assert.False(entry.TryGetProperty("secret", out _));
        Assert.Equal("Reporting script", entry.Str("name"));
        Assert.True(entry.GetProperty("isActive").GetBoolean());
        Assert.Equal(clock.GetUtcNow(), entry.GetProperty("lastUsedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
    }

    [Theory, AllDatabases]
    public async Task A_token_needs_a_name_and_a_lifetime_of_at_most_a_year(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(user);

        await client.PostJsonAsync(Tokens, new { name = " ", expiresInDays = 366 }).ExpectFieldErrorsAsync("name", "expiresInDays");
        await client.PostJsonAsync(Tokens, new { name = "Zero", expiresInDays = 0 }).ExpectFieldErrorsAsync("expiresInDays");
        await client.PostJsonAsync(Tokens, new { name = "Typed", expiresInDays = "ten" }).ExpectFieldErrorsAsync("expiresInDays");
        await client.PostJsonAsync(Tokens, new { name = "Theirs", userId = Guid.NewGuid() }).ExpectFieldErrorsAsync("userId");
        var longest = await client.PostJsonAsync(Tokens, new { name = "Longest", expiresInDays = 365 }).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(user.Id, longest.GetProperty("token").GetProperty("userId").GetGuid());
    }

    [Theory, AllDatabases]
    public async Task A_revoked_token_is_refused(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var client = host.ClientFor(user);
        var created = await client.PostJsonAsync(Tokens, new { name = "Short-lived" }).ExpectAsync(HttpStatusCode.Created);
        using var revocable = host.ClientWithToken(created.Str("secret")!);
        await revocable.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        await client.DeleteAsync($"{Tokens}/{created.GetProperty("token").Id()}", null).ExpectAsync(HttpStatusCode.NoContent);

        await revocable.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        var listed = await client.GetAsync(Tokens).ExpectAsync(HttpStatusCode.OK);
        var entry = Assert.Single(listed.EnumerateArray(), t => t.Id() == created.GetProperty("token").Id());
        Assert.False(entry.GetProperty("isActive").GetBoolean());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);
    }

    [Theory, AllDatabases]
    public async Task An_expired_token_is_refused(DatabaseKind db)
    {
        var (host, clock) = await fixture.HostWithClockAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(user);
        var created = await client.PostJsonAsync(Tokens, new { name = "One day", expiresInDays = 1 }).ExpectAsync(HttpStatusCode.Created);
        using var expiring = host.ClientWithToken(created.Str("secret")!);

        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        await expiring.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(1));

        using var refused = await expiring.GetAsync("/api/v1/me");
        await refused.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var listed = await client.GetAsync(Tokens).ExpectAsync(HttpStatusCode.OK);
        Assert.False(Assert.Single(listed.EnumerateArray(), t => t.Id() == created.GetProperty("token").Id()).GetProperty("isActive").GetBoolean());
    }

    [Theory, AllDatabases]
    public async Task The_token_of_a_deactivated_user_is_refused(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        var leaver = await host.CreateUserAsync(KeystoneRole.Contributor);
        using var adminClient = host.ClientFor(admin);
        using var leaverClient = host.ClientFor(leaver);
        await leaverClient.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        await adminClient.PatchJsonAsync($"/api/v1/users/{leaver.Id}", new { isActive = false }, "*").ExpectAsync(HttpStatusCode.OK);

        await leaverClient.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await leaverClient.GetAsync("/api/v1/accounts").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await adminClient.PatchJsonAsync($"/api/v1/users/{leaver.Id}", new { isActive = true }, "*").ExpectAsync(HttpStatusCode.OK);
        await leaverClient.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, AllDatabases]
    public async Task An_administrator_lists_and_revokes_anyones_tokens_and_others_only_their_own(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var neighbour = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var adminClient = host.ClientFor(admin);
        using var ownerClient = host.ClientFor(owner);
        using var neighbourClient = host.ClientFor(neighbour);
        var created = await ownerClient.PostJsonAsync(Tokens, new { name = "Integration" }).ExpectAsync(HttpStatusCode.Created);
        var tokenId = created.GetProperty("token").Id();
        using var integration = host.ClientWithToken(created.Str("secret")!);

        await neighbourClient.GetAsync($"{Tokens}?userId={owner.Id}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await neighbourClient.DeleteAsync($"{Tokens}/{tokenId}", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await integration.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        var listedByAdmin = await adminClient.GetAsync($"{Tokens}?userId={owner.Id}").ExpectAsync(HttpStatusCode.OK);
        await adminClient.DeleteAsync($"{Tokens}/{tokenId}", null).ExpectAsync(HttpStatusCode.NoContent);
        await adminClient.DeleteAsync($"{Tokens}/{Guid.NewGuid()}", null).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains(listedByAdmin.EnumerateArray(), t => t.Id() == tokenId);
        Assert.All(listedByAdmin.EnumerateArray(), t => Assert.Equal(owner.Id, t.GetProperty("userId").GetGuid()));
        await integration.GetAsync("/api/v1/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await ownerClient.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, AllDatabases]
    public async Task The_current_token_names_its_user_role_and_expiry_until_it_is_revoked(DatabaseKind db)
    {
        var (host, _) = await fixture.HostWithClockAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        using var client = host.ClientFor(user);
        var listed = await client.GetAsync(Tokens).ExpectAsync(HttpStatusCode.OK);
        var token = Assert.Single(listed.EnumerateArray());

        var current = await client.GetAsync($"{Tokens}/current").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(token.Id(), current.Id());
        Assert.Equal(user.Id, current.GetProperty("userId").GetGuid());
        Assert.Equal(KeystoneRole.SeniorKam.ToIdentifier(), current.Str("role"));
        Assert.Equal(token.GetProperty("expiresAt").GetDateTimeOffset(), current.GetProperty("expiresAt").GetDateTimeOffset());

        await client.DeleteAsync($"{Tokens}/{token.Id()}").ExpectAsync(HttpStatusCode.NoContent);
        using var revoked = await client.GetAsync($"{Tokens}/current");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }
}
