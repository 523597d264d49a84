using Keystone.Core.Data;
using Keystone.Core.Teams;
using Keystone.Web.Contacts;
using Keystone.Web.Kpis;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Teams;

/// <summary>
/// The team load table as a file for the team page's download buttons. Like the KPI downloads they
/// take the sign-in cookie, resolve the actor and run the same use case as the API, so a file never
/// holds a KAM or a count the page would not show.
/// </summary>
public static class TeamDownloads
{
    public static IEndpointRouteBuilder MapTeamDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/team").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/load.csv", (HttpContext http, KeystoneDbContext db, IOptions<CapacityOptions> capacity, CancellationToken ct) =>
            ExportAsync(http, db, capacity.Value, "csv", ct));
        group.MapGet("/load.xlsx", (HttpContext http, KeystoneDbContext db, IOptions<CapacityOptions> capacity, CancellationToken ct) =>
            ExportAsync(http, db, capacity.Value, "xlsx", ct));
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, KeystoneDbContext db, CapacityOptions capacity, string format, CancellationToken ct) =>
        await ContactDownloads.SignedInAsync(http, db, ct)
        ?? TeamExport.Table(await TeamLoad.HandleAsync(db, capacity, ct)).File(format, "team-load", ct);
}

/// <summary>One row per KAM, the same columns in CSV and in the workbook.</summary>
public static class TeamExport
{
    public static KpiTable Table(TeamLoadView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var table = new KpiTable("Team load",
        [
            "kam", "role", "manager", "strategic", "key", "managed", "standard", "total",
            "strategic_or_key", "strategic_or_key_capacity", "managed_capacity", "over_capacity", "juniors",
        ]);
        foreach (var k in view.Kams)
        {
            table.Add(
                k.Kam.DisplayName, k.Role, k.Manager?.DisplayName ?? "", k.Strategic, k.Key, k.Managed, k.Standard, k.Total,
                k.StrategicOrKey, view.StrategicOrKeyCapacity, view.ManagedCapacity, k.OverCapacity ? "yes" : "no",
                string.Join("; ", k.Juniors.Select(j => j.DisplayName)));
        }
        return table;
    }
}
