using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Tokens;
using Keystone.Web.Access;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keystone.Web.Tokens;

public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tokens").WithTags("API tokens");
        group.MapGet("/", ListAsync).WithName("ListTokens").WithSummary("Your API tokens (an administrator may name another user).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/current", Current).WithName("GetCurrentToken").WithoutDatabase()
            .WithSummary("The token of this request: its id, user, role and expiry. Answers from memory, without reading the database, so integrations may call it to check their token and the server.");
        group.MapPost("/", CreateAsync).WithName("CreateToken").WithSummary("Creates a personal API token; the secret is in this answer only.")
            .Accepts<TokenWrite>("application/json").ProducesValidationProblem();
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeToken").WithSummary("Revokes a token: yours, or anyone's for an administrator.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<TokenDetails>>> ListAsync(KeystoneDbContext db, Guid? userId, CancellationToken ct) =>
        TypedResults.Ok(await ManageTokens.ListAsync(db, userId, ct));

    private static Ok<CurrentToken> Current(HttpContext http, ICurrentActor actor) =>
        TypedResults.Ok(CurrentToken.Of(
            ApiTokenAuthentication.GrantOf(http) ?? throw new InvalidOperationException("The API authenticates with tokens only."), actor.Actor));

    private static async Task<Created<NewToken>> CreateAsync(HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var name = body.String("name");
        var days = body.Int("expiresInDays");
        body.ThrowIfInvalid();
        var created = await ManageTokens.CreateAsync(db, db.Actor.RequireUserId(), name.GetValueOrDefault(null), days.GetValueOrDefault(null), ct);
        return TypedResults.Created($"/api/v1/tokens/{created.Token.Id}", created);
    }

    private static async Task<NoContent> RevokeAsync(Guid id, KeystoneDbContext db, CancellationToken ct)
    {
        await ManageTokens.RevokeAsync(db, id, ct);
        return TypedResults.NoContent();
    }
}
