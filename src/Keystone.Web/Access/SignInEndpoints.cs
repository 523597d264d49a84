using Keystone.Core.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Keystone.Web.Access;

public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<KeystoneUser> signIn) =>
        {
            // A forged or stale form is a bad request; ValidateRequestAsync would throw and answer 500.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The sign-out form is not valid.",
                    detail: "Reload the page and sign out again.");
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        })
        .DisableAntiforgery() // validated explicitly above: the form has no bound fields to trigger it
        .ExcludeFromDescription(); // a browser form, not part of the API
        return app;
    }
}
