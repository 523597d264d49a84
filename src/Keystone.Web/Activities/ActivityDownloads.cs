using System.Text;
using Keystone.Core.Activities;
using Keystone.Core.Data;
using Keystone.Web.Contacts;

namespace Keystone.Web.Activities;

/// <summary>
/// The .ics of an activity for the pages: the API takes bearer tokens only, so a link on a page
/// cannot reach it; this route takes the sign-in cookie and calls the same use case.
/// </summary>
public static class ActivityDownloads
{
    public static IEndpointRouteBuilder MapActivityDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/activities/{id:guid}.ics", async (Guid id, HttpContext http, KeystoneDbContext db, CancellationToken ct) =>
        {
            if (await ContactDownloads.SignedInAsync(http, db, ct) is { } elsewhere)
            {
                return elsewhere;
            }
            var (text, fileName) = await ActivityCalendar.HandleAsync(db, id, ct);
            return TypedResults.File(Encoding.UTF8.GetBytes(text), ActivityCalendar.MediaType + "; charset=utf-8", fileName);
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
