using System.Security.Claims;
using System.Text.Encodings.Web;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Access;

/// <summary>Authenticates <c>Authorization: Bearer ks_…</c> with a personal API token.</summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    private static readonly object GrantKey = new();

    /// <summary>The token that authenticated this request, once the API's authentication has run.</summary>
    public static TokenGrant? GrantOf(HttpContext context) =>
        context.Items.TryGetValue(GrantKey, out var grant) ? grant as TokenGrant : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (!ManageTokens.IsWellFormed(secret))
        {
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        }
        var hash = ApiToken.HashSecret(secret);
        var grant = await Context.RequestServices.GetRequiredService<AccessCache>().TokenAsync(hash, () =>
            ManageTokens.AuthenticateHashAsync(Context.RequestServices.GetRequiredService<KeystoneDbContext>(), hash, Context.RequestAborted), Context.RequestAborted);
        if (grant is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        }
        Context.Items[GrantKey] = grant;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, grant.UserId.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"keystone\"";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Sign-in required.",
            detail: "Send a personal API token as 'Authorization: Bearer <token>'; create one on your Keystone profile page or with 'keystone tokens create'.")
            .ExecuteAsync(Context);
    }
}
