using System.Security.Claims;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Access;

public static class AuthenticationSetup
{
    public const string ApiPolicy = "api";

    /// <summary>The default authentication: the API's token under the API's prefix, the cookie elsewhere.</summary>
    public const string ByPathScheme = "KeystoneByPath";

    public static IServiceCollection AddKeystoneAuthentication(this IServiceCollection services)
    {
        // Every request is authenticated once by its own kind of credential: the API (ApiSetup.Prefix) by
        // its bearer token, everything else by the sign-in cookie. The API never read the cookie (its
        // policy names the token scheme), but the cookie scheme still ran first on every API call.
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultAuthenticateScheme = ByPathScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddPolicyScheme(ByPathScheme, null, options => options.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments(Api.ApiSetup.Prefix, StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme);

        services.AddIdentityCore<KeystoneUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<KeystoneDbContext>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "keystone.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS (directly or through a proxy that says so).
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        // A deactivated user or a reset password ends sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "keystone.antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName)
                .RequireAuthenticatedUser());
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>The user id in a principal from either a cookie or an API token.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>
    /// Resolves the actor of an API call before its handler runs, from <see cref="AccessCache"/> or the
    /// database; a token of a user who was deactivated meanwhile is refused. The request's database
    /// connection then stays open until the request ends, instead of being opened again for every query.
    /// </summary>
    public static RouteGroupBuilder WithActor(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var actor = http.User.UserId() is { } id ? await ActorOfAsync(http, id) : null;
            if (actor is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required.", detail: "The user of this token is no longer active.");
            }
            http.RequestServices.GetRequiredService<CurrentActor>().Set(actor);
            if (http.GetEndpoint()?.Metadata.GetMetadata<WithoutDatabaseMetadata>() is null)
            {
                // Closed when the request's context is disposed, at the end of the request.
                await http.RequestServices.GetRequiredService<KeystoneDbContext>().Database.OpenConnectionAsync(http.RequestAborted);
            }
            return await next(context);
        });
        return group;
    }

    /// <summary>Marks an API endpoint that answers without the database: no connection is opened for it.</summary>
    public static TBuilder WithoutDatabase<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(WithoutDatabaseMetadata.Instance);

    private sealed class WithoutDatabaseMetadata
    {
        public static readonly WithoutDatabaseMetadata Instance = new();
    }

    private static Task<Actor?> ActorOfAsync(HttpContext http, Guid userId) =>
        http.RequestServices.GetRequiredService<AccessCache>().ActorAsync(userId, () =>
            ActorLoader.LoadAsync(http.RequestServices.GetRequiredService<KeystoneDbContext>(), userId, http.RequestAborted), http.RequestAborted);

    public static AuthorizeAttribute ApiAuthorization { get; } = new() { Policy = ApiPolicy };
}
