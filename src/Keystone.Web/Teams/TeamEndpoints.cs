using Keystone.Core.Data;
using Keystone.Core.Teams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Teams;

public static class TeamEndpoints
{
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder api)
    {
        api.MapGet("/team/load", LoadAsync).WithTags("Team").WithName("GetTeamLoad")
            .WithSummary("Each KAM you may see with their accounts by tier against the capacity settings (Portfolio:Capacity), and their juniors.")
            .WithDescription("Heads of KAM and administrators see every KAM, a senior KAM themselves and the juniors they manage, a junior KAM themselves.");
        return api;
    }

    private static async Task<Ok<TeamLoadView>> LoadAsync(KeystoneDbContext db, IOptions<CapacityOptions> capacity, CancellationToken ct) =>
        TypedResults.Ok(await TeamLoad.HandleAsync(db, capacity.Value, ct));
}
