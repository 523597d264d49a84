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

    /// <summary>Reads the body field by field, as <see cref="JsonBody"/> does, with the decimal and the score objects this record needs.</summary>
    private static async Task<SelectionInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
        }
        catch (JsonException e)
        {
            throw new ValidationException("body", $"The body is not valid JSON ({e.Message}); send a JSON object.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ValidationException("body", "The body must be a JSON object of fields.");
            }
            var v = new Validator();
            var input = new SelectionInput();
            foreach (var field in root.EnumerateObject())
            {
                var value = field.Value;
                switch (field.Name)
                {
                    case "relationshipStage":
                        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                        {
                            input = input with { RelationshipStage = new Optional<string?>(value.ValueKind == JsonValueKind.Null ? null : value.GetString()) };
                        }
                        else
                        {
                            v.Add(field.Name, $"'{field.Name}' must be a string such as cooperative, or null.");
                        }
                        break;
                    case "availableSales":
                        if (value.ValueKind == JsonValueKind.Null)
                        {
                            input = input with { AvailableSales = new Optional<decimal?>(null) };
                        }
                        else if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var amount))
                        {
                            input = input with { AvailableSales = new Optional<decimal?>(amount) };
                        }
                        else
                        {
                            v.Add(field.Name, $"'{field.Name}' must be a number (the amount in the reporting currency, such as 2500000), or null.");
                        }
                        break;
                    case "scores":
                        if (value.ValueKind == JsonValueKind.Null)
                        {
                            input = input with { Scores = new Optional<IReadOnlyList<ScoreInput>?>([]) };
                        }
                        else if (value.ValueKind != JsonValueKind.Array)
                        {
                            v.Add(field.Name, "'scores' must be an array of {criterion, score, reason}.");
                        }
                        else
                        {
                            input = input with { Scores = new Optional<IReadOnlyList<ScoreInput>?>(ReadScores(value, v)) };
                        }
                        break;
                    default:
                        v.Add(field.Name, JsonBody.ServerOwned.Contains(field.Name) || field.Name is "account" or "scored" or "quadrant" or "attractiveness" or "strength" or "currentSales"
                            ? $"'{field.Name}' is set by Keystone, not by clients; leave it out."
                            : $"'{field.Name}' is not a field of this record; send relationshipStage, availableSales and scores.");
                        break;
                }
            }
            v.ThrowIfInvalid();
            return input;
        }
    }

    private static List<ScoreInput> ReadScores(JsonElement array, Validator v)
    {
        var scores = new List<ScoreInput>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"scores[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                v.Add(path, "must be an object {criterion, score, reason}.");
                scores.Add(new ScoreInput(null, null, null));
                continue;
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
            scores.Add(new ScoreInput(criterion, score, reason));
        }
        return scores;
    }
}

/// <summary>The body of a selection change, for the API reference.</summary>
public sealed record SelectionWrite(string? RelationshipStage, decimal? AvailableSales, IReadOnlyList<ScoreWrite>? Scores);

/// <summary>One criterion's score (0–10, null clears it) and why.</summary>
public sealed record ScoreWrite(string Criterion, int? Score, string? Reason);
