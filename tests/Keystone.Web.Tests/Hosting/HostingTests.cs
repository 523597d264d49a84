using System.Net;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Hosting;

public sealed class HostingTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task Health_endpoint_reports_healthy_without_signing_in(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [AllDatabases("/api/v1/accounts")]
    [AllDatabases("/api/v1/me")]
    [AllDatabases("/api/v1/users")]
    public async Task Api_without_a_token_is_401_problem_with_bearer_challenge(DatabaseKind db, string url)
    {
        var host = await fixture.HostAsync(db);
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync(url);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Contains("Bearer", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [AllDatabases("ks_thisisnotatokenkeystoneissued")]
    [AllDatabases("not-even-the-prefix")]
    public async Task Api_with_an_unknown_token_is_401(DatabaseKind db, string secret)
    {
        var host = await fixture.HostAsync(db);
        using var client = host.ClientWithToken(secret);

        using var response = await client.GetAsync("/api/v1/me");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory, AllDatabases]
    public async Task Api_with_a_valid_token_answers_as_its_user(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        using var client = host.ClientFor(user);

        var me = await client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(user.Id, me.Id());
        Assert.Equal(user.Email, me.Str("email"));
        Assert.Equal("junior-kam", me.Str("role"));
    }

    [Theory, AllDatabases]
    public async Task Unknown_api_route_is_404(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var user = await host.CreateUserAsync(KeystoneRole.Administrator);
        using var client = host.ClientFor(user);

        using var response = await client.GetAsync($"/api/v1/accounts/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
