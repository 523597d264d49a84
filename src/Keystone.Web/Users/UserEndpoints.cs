using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Keystone.Web.Users;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", MeAsync).WithTags("Users").WithName("GetMe").WithSummary("The signed-in user.");
        var group = api.MapGroup("/users").WithTags("Users");
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Everyone who can sign in (inactive users too for administrators who ask).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetUser").WithSummary("One user, with its ETag.");
        group.MapPost("/", CreateAsync).WithName("CreateUser").WithSummary("Adds a user (administrators); answers their one-time password once.")
            .Accepts<UserWrite>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPatch("/{id:guid}", PatchAsync).WithName("UpdateUser").WithSummary("Changes a user's name, role, manager or status (administrators).")
            .Accepts<UserWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPost("/{id:guid}/password-reset", ResetPasswordAsync).WithName("ResetUserPassword")
            .WithSummary("Issues a new one-time password (administrators).").ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Ok<UserDetails>> MeAsync(KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ListUsers.GetAsync(db, db.Actor.RequireUserId(), ct));

    private static async Task<Ok<IReadOnlyList<UserDetails>>> ListAsync(KeystoneDbContext db, bool? includeInactive, CancellationToken ct) =>
        TypedResults.Ok(await ListUsers.HandleAsync(db, includeInactive == true && db.Actor.CanManageUsers(), ct));

    private static async Task<Ok<UserDetails>> GetAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var user = await ListUsers.GetAsync(db, id, ct);
        response.Headers.ETag = $"\"{user.Version}\"";
        return TypedResults.Ok(user);
    }

    private static async Task<Created<UserWithPassword>> CreateAsync(
        HttpRequest request, KeystoneDbContext db, UserManager<KeystoneUser> users, CancellationToken ct)
    {
        var created = await SaveUser.CreateAsync(db, users, await ReadAsync(request, ct), ct);
        return TypedResults.Created($"/api/v1/users/{created.User.Id}", created);
    }

    private static async Task<Ok<UserDetails>> PatchAsync(
        Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, UserManager<KeystoneUser> users, CancellationToken ct)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (string.IsNullOrEmpty(header))
        {
            throw new PreconditionRequiredException();
        }
        var expected = header == "*" ? null : header.Replace("W/", "", StringComparison.Ordinal).Trim('"');
        var user = await SaveUser.UpdateAsync(db, users, id, expected, await ReadAsync(request, ct), ct);
        response.Headers.ETag = $"\"{user.Version}\"";
        return TypedResults.Ok(user);
    }

    private static async Task<Ok<UserWithPassword>> ResetPasswordAsync(Guid id, KeystoneDbContext db, UserManager<KeystoneUser> users, CancellationToken ct) =>
        TypedResults.Ok(await SaveUser.ResetPasswordAsync(db, users, id, ct));

    private static async Task<UserInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new UserInput
        {
            Email = body.String("email"),
            DisplayName = body.String("displayName"),
            Role = body.String("role"),
            Manager = body.String("manager"),
            IsActive = body.Bool("isActive"),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
