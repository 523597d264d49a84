using System.Text.Json;
using Keystone.Core.Accounts;
using Keystone.Core.Audit;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keystone.Web.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/accounts").WithTags("Accounts");
        group.MapGet("/", ListAsync).WithName("ListAccounts").WithSummary("Lists the accounts you may see, a page at a time.");
        group.MapPost("/", CreateAsync).WithName("CreateAccount").WithSummary("Creates an account; you own it unless you name another owner.")
            .Accepts<AccountWrite>("application/json").ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetAsync).WithName("GetAccount").WithSummary("One account, with its ETag.");
        group.MapPatch("/{id:guid}", PatchAsync).WithName("UpdateAccount")
            .WithSummary("Changes an account by JSON merge patch; If-Match must carry the ETag you read.")
            .Accepts<AccountWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAccount").WithSummary("Deletes an account that has no contacts nor subsidiaries.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetAccountHistory").WithSummary("Who changed what on the account, newest first.");
        return api;
    }

    private static async Task<Ok<Page<AccountListItem>>> ListAsync(
        KeystoneDbContext db, string? q, string? tier, string? country, Guid? ownerId, Guid? parentAccountId, bool? global,
        string? sort, int? pageSize, string? pageToken, CancellationToken ct)
    {
        var page = await ListAccounts.HandleAsync(db, new ListAccounts.Query
        {
            Search = q,
            Tier = tier,
            Country = country,
            OwnerId = ownerId,
            ParentAccountId = parentAccountId,
            Global = global,
            Sort = sort,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct);
        return TypedResults.Ok(page);
    }

    private static async Task<Created<AccountDetails>> CreateAsync(HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var input = await ReadAsync(request, ct);
        var account = await CreateAccount.HandleAsync(db, input, ct);
        ETags.Set(response, account.Version);
        return TypedResults.Created($"/api/v1/accounts/{account.Id}", account);
    }

    private static async Task<Ok<AccountDetails>> GetAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var account = await GetAccount.HandleAsync(db, id, ct);
        ETags.Set(response, account.Version);
        return TypedResults.Ok(account);
    }

    private static async Task<Ok<AccountDetails>> PatchAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var input = await ReadAsync(request, ct);
        var account = await UpdateAccount.HandleAsync(db, id, expected, input, ct);
        ETags.Set(response, account.Version);
        return TypedResults.Ok(account);
    }

    private static async Task<NoContent> DeleteAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        await DeleteAccount.HandleAsync(db, id, ETags.ReadIfMatch(request, required: false), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<HistoryEntry>>> HistoryAsync(Guid id, KeystoneDbContext db, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await GetHistory.HandleAsync(db, nameof(Account), id, pageSize, pageToken, ct));

    private static async Task<AccountInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new AccountInput
        {
            Name = body.String("name"),
            LegalName = body.String("legalName"),
            Industry = body.String("industry"),
            Country = body.String("country"),
            TimeZone = body.String("timeZone"),
            Currency = body.String("currency"),
            Website = body.String("website"),
            Tier = body.String("tier"),
            OwnerId = body.Guid("ownerId"),
            ParentAccountId = body.Guid("parentAccountId"),
            IsGlobal = body.Bool("isGlobal"),
            Team = body.Array("team", ReadTeamMember),
            ExternalIds = body.Array("externalIds", (e, path, errors) =>
                new ExternalIdInput(JsonBody.ReadString(e, path, "source", errors), JsonBody.ReadString(e, path, "id", errors))),
        };
        body.ThrowIfInvalid();
        return input;
    }

    private static TeamMemberInput? ReadTeamMember(JsonElement element, string path, Validator errors)
    {
        var userId = JsonBody.ReadString(element, path, "userId", errors);
        if (!Guid.TryParse(userId, out var id))
        {
            errors.Add($"{path}.userId", "must be the id of a user.");
            return null;
        }
        return new TeamMemberInput(id, JsonBody.ReadString(element, path, "role", errors));
    }
}
