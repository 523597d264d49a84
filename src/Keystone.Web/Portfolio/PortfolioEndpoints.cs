using System.Text.Json;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Portfolio;
using Keystone.Core.Revenue;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Portfolio;

public static class PortfolioEndpoints
{
    public static IEndpointRouteBuilder MapPortfolio(this IEndpointRouteBuilder api)
    {
        api.MapGet("/portfolio/matrix", GetMatrixAsync).WithTags("Portfolio").WithName("GetSelectionMatrix")
            .WithSummary("The key-account selection matrix of the accounts you may see: attractiveness, relative strength, quadrant and sales of each.")
            .WithDescription("Key and strategic key accounts, and every account scored or staged. owner: a user id or me; tier: strategic, key, managed or standard. " +
                             "An account not fully scored has no axes and no quadrant (null), never 0. Scores are exact; current sales are the net revenue of salesFrom–salesTo.")
            .ProducesValidationProblem();
        api.MapGet("/accounts/{id:guid}/selection", GetSelectionAsync).WithTags("Portfolio").WithName("GetAccountSelection")
            .WithSummary("An account's place in the selection matrix: its scores with who gave them, when and why, its stage, sales and quadrant, with its ETag.");
        api.MapPut("/accounts/{id:guid}/selection", PutSelectionAsync).WithTags("Portfolio").WithName("UpdateAccountSelection")
            .WithSummary("Scores an account, sets its relationship stage and available three-year sales; If-Match must carry the ETag you read (\"0\" before the first change).")
            .WithDescription("Fields left out are kept; a criterion not listed in scores keeps its score, one listed with score null is cleared. Every score needs a reason. " +
                             "Each change of a score or the stage is kept in the selection history with the position it led to.")
            .Accepts<SelectionWrite>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapGet("/accounts/{id:guid}/selection/history", GetHistoryAsync).WithTags("Portfolio").WithName("GetAccountSelectionHistory")
            .WithSummary("The account's position history, newest first: each change of its scores or stage with the position it led to.");
        return api;
    }

    private static async Task<Ok<SelectionMatrixReport>> GetMatrixAsync(
        KeystoneDbContext db, IOptions<SelectionMatrixOptions> matrix, IOptions<RevenueOptions> revenue, string? owner, string? tier, CancellationToken ct) =>
        TypedResults.Ok(await GetSelectionMatrix.HandleAsync(db, matrix.Value, revenue.Value, new GetSelectionMatrix.Query { Owner = owner, Tier = tier }, ct));

    private static async Task<Ok<AccountSelectionDetails>> GetSelectionAsync(
        Guid id, HttpResponse response, KeystoneDbContext db, IOptions<SelectionMatrixOptions> matrix, IOptions<RevenueOptions> revenue, CancellationToken ct)
    {
        var details = await AccountSelectionDetails.LoadAsync(db, matrix.Value, revenue.Value, id, ct);
        ETags.Set(response, details.Version);
        return TypedResults.Ok(details);
    }

    private static async Task<Ok<AccountSelectionDetails>> PutSelectionAsync(
        Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, IOptions<SelectionMatrixOptions> matrix, IOptions<RevenueOptions> revenue,
        CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var input = await ReadAsync(request, ct);
        var details = await ScoreAccount.HandleAsync(db, matrix.Value, revenue.Value, id, expected, input, ct);
        ETags.Set(response, details.Version);
        return TypedResults.Ok(details);
    }

    private static async Task<Ok<Page<PositionHistoryEntry>>> GetHistoryAsync(Guid id, KeystoneDbContext db, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await GetSelectionHistory.HandleAsync(db, id, pageSize, pageToken, ct));

    /// <summary>Reads the body with <see cref="JsonBody"/>: fields left out stay unset, unknown and server-owned fields are refused.</summary>
    private static async Task<SelectionInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new SelectionInput
        {
            RelationshipStage = body.String("relationshipStage"),
            AvailableSales = body.Decimal("availableSales"),
            Scores = body.Array("scores", ReadScore),
        };
        body.ThrowIfInvalid();
        return input;
    }

    // An item that is not an object still takes its place, so that the errors of the items after it keep their index.
    private static ScoreInput ReadScore(JsonElement item, string path, Validator v)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            v.Add(path, "must be an object {criterion, score, reason}.");
            return new ScoreInput(null, null, null);
        }
        string? criterion = null, reason = null;
        int? score = null;
        foreach (var field in item.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "criterion" when value.ValueKind == JsonValueKind.String:
                    criterion = value.GetString();
                    break;
                case "reason" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    reason = value.ValueKind == JsonValueKind.Null ? null : value.GetString();
                    break;
                case "score" when value.ValueKind == JsonValueKind.Null:
                    break;
                case "score":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                    {
                        score = number;
                    }
                    else
                    {
                        v.Add($"{path}.score", "must be a whole number from 0 to 10, or null to clear the score.");
                    }
                    break;
                case "criterion" or "reason":
                    v.Add($"{path}.{field.Name}", "must be a string.");
                    break;
                default:
                    v.Add($"{path}.{field.Name}", $"'{field.Name}' is not a field of a score; send criterion, score and reason.");
                    break;
            }
        }
        return new ScoreInput(criterion, score, reason);
    }
}

/// <summary>The body of a selection change, for the API reference.</summary>
public sealed record SelectionWrite(string? RelationshipStage, decimal? AvailableSales, IReadOnlyList<ScoreWrite>? Scores);

/// <summary>One criterion's score (0–10, null clears it) and why.</summary>
public sealed record ScoreWrite(string Criterion, int? Score, string? Reason);
