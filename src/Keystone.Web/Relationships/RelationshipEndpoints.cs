using Keystone.Core.Data;
using Keystone.Core.Relationships;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keystone.Web.Relationships;

public static class RelationshipEndpoints
{
    /// <summary>After how many days without contact a person counts as cold; 60 unless configured.</summary>
    public const string ColdAfterDaysSetting = "Relationships:ColdAfterDays";

    public static int ColdAfterDays(IConfiguration configuration) =>
        configuration.GetValue(ColdAfterDaysSetting, RelationshipMap.DefaultColdAfterDays) is var days and > 0 ? days : RelationshipMap.DefaultColdAfterDays;

    public static IEndpointRouteBuilder MapRelationships(this IEndpointRouteBuilder api)
    {
        api.MapGet("/accounts/{id:guid}/relationship-map", MapAsync).WithTags("Relationships").WithName("GetRelationshipMap")
            .WithSummary("The account's people as an org chart with buying roles, our relationships and their warning flags.")
            .WithDescription(
                "Roots are the people with no manager at the account. Days since last contact count from the latest completed activity " +
                "the person took part in. Flags: no-owner (a decision maker or economic buyer nobody on our side owns), no-recent-contact " +
                $"(none for the configured number of days, {RelationshipMap.DefaultColdAfterDays} unless set), no-champion, and single-threaded " +
                "(all completed activities of that period had the same one person at the client, or the same one colleague on our side).");
        api.MapGet("/contacts/{id:guid}/relationships", WhoKnowsAsync).WithTags("Relationships").WithName("GetContactRelationships")
            .WithSummary("Who on our side knows the contact: how many completed activities they shared, and when last.");
        return api;
    }

    private static async Task<Ok<AccountRelationshipMap>> MapAsync(Guid id, KeystoneDbContext db, IConfiguration configuration, CancellationToken ct) =>
        TypedResults.Ok(await RelationshipMap.HandleAsync(db, id, ColdAfterDays(configuration), ct));

    private static async Task<Ok<ContactRelationships>> WhoKnowsAsync(Guid id, KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await WhoKnowsWhom.HandleAsync(db, id, ct));
}
