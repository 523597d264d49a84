using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Accounts;

/// <summary>Tier requests (promotion and demotion of accounts, decided by the head of KAM) and account hierarchies.</summary>
public static class TierRequestEndpoints
{
    public static IEndpointRouteBuilder MapTiersAndHierarchies(this IEndpointRouteBuilder api)
    {
        api.MapPost("/accounts/{id:guid}/tier-requests", RequestAsync).WithTags("Tier requests").WithName("RequestTierChange")
            .WithSummary("Asks the head of KAM to move the account to another tier, with a reason; one pending request per account.")
            .Accepts<TierRequestWrite>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/accounts/{id:guid}/hierarchy", HierarchyAsync).WithTags("Accounts").WithName("GetAccountHierarchy")
            .WithSummary("The group the account belongs to as a tree from its top, with each account's local team and counts rolled up to each node.")
            .WithDescription("Only accounts you may see are in the tree and only records you may see are counted. Revenue is the net revenue of the " +
                             "twelve months up to and including the current one, in the reporting currency, from the KPI engine's account-tree scope.");

        var group = api.MapGroup("/tier-requests").WithTags("Tier requests");
        group.MapGet("/", ListAsync).WithName("ListTierRequests")
            .WithSummary("Tier requests of the accounts you may see, newest first; status=pending gives the head of KAM's queue.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTierRequest").WithSummary("One tier request, with its ETag.");
        group.MapPost("/{id:guid}/approve", (Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct) =>
                DecideAsync(id, DecideTierRequest.Decision.Approve, request, response, db, ct))
            .WithName("ApproveTierRequest")
            .WithSummary("Approves a pending request (head of KAM, administrators): the account moves to the requested tier. If-Match is honoured.")
            .Accepts<TierDecisionWrite>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/refuse", (Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct) =>
                DecideAsync(id, DecideTierRequest.Decision.Refuse, request, response, db, ct))
            .WithName("RefuseTierRequest")
            .WithSummary("Refuses a pending request with a note saying why (head of KAM, administrators). If-Match is honoured.")
            .Accepts<TierDecisionWrite>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id:guid}/withdraw", (Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct) =>
                DecideAsync(id, DecideTierRequest.Decision.Withdraw, request, response, db, ct))
            .WithName("WithdrawTierRequest")
            .WithSummary("Withdraws your own pending request. If-Match is honoured.")
            .Accepts<TierDecisionWrite>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return api;
    }

    private static async Task<Created<TierRequestDetails>> RequestAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var tier = body.String("tier");
        var reason = body.String("reason");
        body.ThrowIfInvalid();
        var created = await RequestTierChange.HandleAsync(db, id, new RequestTierChange.Input(tier.GetValueOrDefault(null), reason.GetValueOrDefault(null)), ct);
        ETags.Set(response, created.Version);
        return TypedResults.Created($"/api/v1/tier-requests/{created.Id}", created);
    }

    private static async Task<Ok<Page<TierRequestDetails>>> ListAsync(
        KeystoneDbContext db, string? status, Guid? accountId, string? sort, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await ListTierRequests.HandleAsync(db, new ListTierRequests.Query
        {
            Status = status,
            AccountId = accountId,
            Sort = sort,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct));

    private static async Task<Ok<TierRequestDetails>> GetAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var details = await ListTierRequests.GetAsync(db, id, ct);
        ETags.Set(response, details.Version);
        return TypedResults.Ok(details);
    }

    private static async Task<Ok<TierRequestDetails>> DecideAsync(
        Guid id, DecideTierRequest.Decision decision, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: false);
        string? note = null;
        // The body is optional: approving and withdrawing need no note.
        if (request.ContentLength is null or > 0)
        {
            request.EnableBuffering();
            var first = new byte[1];
            var empty = true;
            while (await request.Body.ReadAsync(first, ct) == 1)
            {
                if (!char.IsWhiteSpace((char)first[0]))
                {
                    empty = false;
                    break;
                }
            }
            request.Body.Position = 0;
            if (!empty)
            {
                var body = await JsonBody.ReadAsync(request, ct);
                note = body.String("note").GetValueOrDefault(null);
                body.ThrowIfInvalid();
            }
        }
        var details = await DecideTierRequest.HandleAsync(db, id, decision, expected, note, ct);
        ETags.Set(response, details.Version);
        return TypedResults.Ok(details);
    }

    private static async Task<Ok<AccountHierarchyView>> HierarchyAsync(Guid id, KeystoneDbContext db, IOptions<RevenueOptions> revenue, CancellationToken ct) =>
        TypedResults.Ok(await GetAccountHierarchy.HandleAsync(db, id, revenue.Value.ReportingCurrency, revenue.Value.TimeZone, ct));
}

/// <summary>A tier request: the tier asked for (strategic, key, managed or standard) and why.</summary>
public sealed record TierRequestWrite(string Tier, string Reason);

/// <summary>A decision's note: required to refuse, optional to approve or withdraw. The body may be left out.</summary>
public sealed record TierDecisionWrite(string? Note);
