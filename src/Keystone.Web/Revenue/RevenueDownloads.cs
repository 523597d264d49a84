using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Web.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Revenue;

/// <summary>The rejects report of an import for the imports page, with the sign-in cookie (the API takes bearer tokens only).</summary>
public static class RevenueDownloads
{
    public static IEndpointRouteBuilder MapRevenueDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/revenue/imports/{id:guid}/rejects.csv", async (Guid id, HttpContext http, KeystoneDbContext db, IConfiguration configuration, CancellationToken ct) =>
        {
            if (await ContactDownloads.SignedInAsync(http, db, ct) is { } other)
            {
                return other;
            }
            AccessRules.Demand(db.Actor.CanImportRevenue(), "Only an administrator or a head of KAM can see revenue imports.");
            var fileName = await db.InvoiceImports.AsNoTracking().Where(i => i.Id == id).Select(i => i.FileName).SingleOrDefaultAsync(ct);
            var path = InvoiceUploads.RejectsPath(configuration, id);
            if (fileName is null || !File.Exists(path))
            {
                return TypedResults.NotFound();
            }
            return TypedResults.PhysicalFile(path, "text/csv; charset=utf-8", Path.GetFileNameWithoutExtension(fileName) + ".rejects.csv");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
