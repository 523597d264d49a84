using System.Text.Json;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Pay;
using Keystone.Core.Revenue;
using Keystone.Core.Targets;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Targets;

public static class TargetEndpoints
{
    public static IEndpointRouteBuilder MapTargets(this IEndpointRouteBuilder api)
    {
        var targets = api.MapGroup("/targets").WithTags("Targets");
        targets.MapGet("/", ListTargetsAsync).WithName("ListTargets")
            .WithSummary("Lists the targets you may read (yours, those of the people you manage, or all), by period, a page at a time.");
        targets.MapPost("/", CreateTargetAsync).WithName("CreateTarget")
            .WithSummary("Sets a target of a KAM, a team or an account for a month, quarter or year; one per scope, metric and period (409 otherwise).")
            .Accepts<TargetWrite>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        targets.MapGet("/{id:guid}", GetTargetAsync).WithName("GetTarget").WithSummary("One target, with its ETag.");
        targets.MapPatch("/{id:guid}", PatchTargetAsync).WithName("UpdateTarget")
            .WithSummary("Changes a target's value by JSON merge patch; If-Match must carry the ETag you read.")
            .Accepts<TargetWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        targets.MapDelete("/{id:guid}", DeleteTargetAsync).WithName("DeleteTarget").WithSummary("Removes a target.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        api.MapGet("/attainment", AttainmentAsync).WithTags("Targets").WithName("GetAttainment")
            .WithSummary("Each metric of a KAM, team or account in a period: target, actual from the KPI engine, and attainment = actual / target.")
            .WithDescription("scope: kam (default), team or account; userId or accountId; period: 2026-07, 2026-Q3 or 2026. Attainment is null where the actual is undefined or there is no (or a zero) target.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var plans = api.MapGroup("/pay-plans").WithTags("Pay");
        plans.MapGet("/", ListPayPlansAsync).WithName("ListPayPlans")
            .WithSummary("The variable-pay plans you may read; members are those whose pay you may see.");
        plans.MapPost("/", CreatePayPlanAsync).WithName("CreatePayPlan")
            .WithSummary("Adds a variable-pay plan: weighted metrics, threshold, accelerator, cap and its KAMs' on-target pay.")
            .Accepts<PayPlanWrite>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        plans.MapGet("/{id:guid}", GetPayPlanAsync).WithName("GetPayPlan").WithSummary("One pay plan, with its ETag.");
        plans.MapPatch("/{id:guid}", PatchPayPlanAsync).WithName("UpdatePayPlan")
            .WithSummary("Changes a pay plan by JSON merge patch (components and members are replaced whole); If-Match must carry the ETag you read.")
            .Accepts<PayPlanWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        plans.MapDelete("/{id:guid}", DeletePayPlanAsync).WithName("DeletePayPlan").WithSummary("Removes a pay plan.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        api.MapGet("/payouts", PayoutsAsync).WithTags("Pay").WithName("GetPayouts")
            .WithSummary("Variable pay per KAM for a period, with the calculation line by line (docs/pay.md).")
            .WithDescription("period: 2026-07, 2026-Q3 or 2026, of the length the plan pays on; user: an id, an email or me (default: everyone whose pay you may see).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Ok<Page<TargetDetails>>> ListTargetsAsync(
        KeystoneDbContext db, string? scope, Guid? userId, Guid? accountId, string? metric, string? period, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await ListTargets.HandleAsync(db, new ListTargets.Query
        {
            Scope = scope,
            UserId = userId,
            AccountId = accountId,
            Metric = metric,
            Period = period,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct));

    private static async Task<Created<TargetDetails>> CreateTargetAsync(HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var target = await CreateTarget.HandleAsync(db, await ReadTargetAsync(request, ct), ct);
        ETags.Set(response, target.Version);
        return TypedResults.Created($"/api/v1/targets/{target.Id}", target);
    }

    private static async Task<Ok<TargetDetails>> GetTargetAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var target = await GetTarget.HandleAsync(db, id, ct);
        ETags.Set(response, target.Version);
        return TypedResults.Ok(target);
    }

    private static async Task<Ok<TargetDetails>> PatchTargetAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var input = await ReadTargetAsync(request, ct);
        var target = await UpdateTarget.HandleAsync(db, id, expected, input, ct);
        ETags.Set(response, target.Version);
        return TypedResults.Ok(target);
    }

    private static async Task<NoContent> DeleteTargetAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        await DeleteTarget.HandleAsync(db, id, ETags.ReadIfMatch(request, required: false), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AttainmentReport>> AttainmentAsync(
        KeystoneDbContext db, IOptions<RevenueOptions> revenue, string? scope, Guid? userId, Guid? accountId, string? period, CancellationToken ct) =>
        TypedResults.Ok(await GetAttainment.HandleAsync(db, new GetAttainment.Query
        {
            Scope = scope,
            UserId = userId,
            AccountId = accountId,
            Period = period,
            TimeZone = revenue.Value.ReportingTimeZone,
        }, ct));

    private static async Task<Ok<IReadOnlyList<PayPlanDetails>>> ListPayPlansAsync(KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ListPayPlans.HandleAsync(db, ct));

    private static async Task<Created<PayPlanDetails>> CreatePayPlanAsync(HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var plan = await CreatePayPlan.HandleAsync(db, await ReadPayPlanAsync(request, ct), ct);
        ETags.Set(response, plan.Version);
        return TypedResults.Created($"/api/v1/pay-plans/{plan.Id}", plan);
    }

    private static async Task<Ok<PayPlanDetails>> GetPayPlanAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var plan = await GetPayPlan.HandleAsync(db, id, ct);
        ETags.Set(response, plan.Version);
        return TypedResults.Ok(plan);
    }

    private static async Task<Ok<PayPlanDetails>> PatchPayPlanAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var input = await ReadPayPlanAsync(request, ct);
        var plan = await UpdatePayPlan.HandleAsync(db, id, expected, input, ct);
        ETags.Set(response, plan.Version);
        return TypedResults.Ok(plan);
    }

    private static async Task<NoContent> DeletePayPlanAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        await DeletePayPlan.HandleAsync(db, id, ETags.ReadIfMatch(request, required: false), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<Payout>>> PayoutsAsync(
        KeystoneDbContext db, IOptions<RevenueOptions> revenue, string? period, string? user, CancellationToken ct) =>
        TypedResults.Ok(await GetPayouts.HandleAsync(db, new GetPayouts.Query { Period = period, User = user, TimeZone = revenue.Value.ReportingTimeZone }, ct));

    private static async Task<TargetInput> ReadTargetAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new TargetInput
        {
            Scope = body.String("scope"),
            UserId = body.Guid("userId"),
            AccountId = body.Guid("accountId"),
            Metric = body.String("metric"),
            Period = body.String("period"),
            Value = body.Decimal("value"),
        };
        body.ThrowIfInvalid();
        return input;
    }

    private static async Task<PayPlanInput> ReadPayPlanAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new PayPlanInput
        {
            Name = body.String("name"),
            Period = body.String("period"),
            Threshold = body.Decimal("threshold"),
            Cap = body.Decimal("cap"),
            Accelerator = body.Decimal("accelerator"),
            Components = body.Array("components", (e, path, v) => new PayComponentInput(JsonBody.ReadString(e, path, "metric", v), JsonBody.ReadDecimal(e, path, "weight", v))),
            Members = body.Array("members", (e, path, v) => new PayMemberInput(ReadGuid(e, path, "userId", v), JsonBody.ReadDecimal(e, path, "onTargetPay", v))),
        };
        body.ThrowIfInvalid();
        return input;
    }

    private static Guid? ReadGuid(JsonElement obj, string path, string field, Validator errors)
    {
        var text = JsonBody.ReadString(obj, path, field, errors);
        if (text is null)
        {
            return null;
        }
        if (!Guid.TryParse(text, out var id))
        {
            errors.Add($"{path}.{field}", "must be an id.");
            return null;
        }
        return id;
    }
}
