using Keystone.Core.Access;
using Keystone.Core.Contacts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Contacts;

/// <summary>
/// vCard downloads for the pages. The API takes bearer tokens only, so a link on a page cannot
/// reach it; these routes take the sign-in cookie and call the same use case.
/// </summary>
public static class ContactDownloads
{
    public static IEndpointRouteBuilder MapContactDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/accounts/{id:guid}/contacts.vcf", async (Guid id, string? version, HttpContext http, KeystoneDbContext db, CancellationToken ct) =>
            await SignedInAsync(http, db, ct) ?? ContactEndpoints.ToFile(
                await ExportVCards.HandleAsync(db, new ExportVCards.Query { AccountId = id }, ExportVCards.ParseVersion(version), ct)));
        group.MapGet("/contacts/{id:guid}.vcf", async (Guid id, string? version, HttpContext http, KeystoneDbContext db, CancellationToken ct) =>
            await SignedInAsync(http, db, ct) ?? ContactEndpoints.ToFile(await ExportVCards.ContactAsync(db, id, ExportVCards.ParseVersion(version), ct)));
        return app;
    }

    /// <summary>
    /// Resolves the actor as the layout does; null when the user may go on, else where they must go
    /// instead (a deactivated user signs in again, a one-time password is changed first).
    /// </summary>
    internal static async Task<IResult?> SignedInAsync(HttpContext http, KeystoneDbContext db, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var actor = userId is { } id ? await ActorLoader.LoadAsync(db, id, ct) : null;
        if (actor is null)
        {
            return TypedResults.Challenge();
        }
        var mustChangePassword = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.MustChangePassword).SingleAsync(ct);
        if (mustChangePassword)
        {
            return TypedResults.LocalRedirect("/account/change-password");
        }
        http.RequestServices.GetRequiredService<CurrentActor>().Set(actor);
        return null;
    }
}
