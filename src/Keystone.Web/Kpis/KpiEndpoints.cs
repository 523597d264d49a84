using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Kpis;

public static class KpiEndpoints
{
    public static IEndpointRouteBuilder MapKpis(this IEndpointRouteBuilder api)
    {
        api.MapGet("/kpis", GetAsync).WithTags("KPIs").WithName("GetKpis")
            .WithSummary("A scope's KPIs per period: customer retention and churn, GRR, NRR, revenue, additional offerings, gross margin.")
            .WithDescription("scope: company, account:ID, account-tree:ID, kam:EMAIL or team:EMAIL; period: month (default), quarter or year; " +
                             "from and to: the first and last month, such as 2011-03. Rates are exact fractions, null where undefined.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        // Dashboards (issue 4): the same engine and access rules, shaped for the dashboard pages.
        api.MapGet("/kpis/dashboard", DashboardAsync).WithTags("KPIs").WithName("GetKpiDashboard")
            .WithSummary("A scope's dashboard: the KPIs and the meetings and calls of the last 24 periods ending with 'to'.")
            .WithDescription("scope: company (default), account:ID, account-tree:ID, kam:EMAIL or team:EMAIL; period: month (default), quarter or year; " +
                             "to: the last period, such as 2025-06 (default: the last whole period in the reporting time zone).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/kpis/breakdown", BreakdownAsync).WithTags("KPIs").WithName("GetKpiBreakdown")
            .WithSummary("The drill-down company → team → KAM → account: a level's KPIs for one period, one row per scope one level down, and breadcrumbs up.")
            .WithDescription("scope: company (default), team:EMAIL, kam:EMAIL or account:ID; period: month (default), quarter or year; " +
                             "at: the period, such as 2025-06 (default: the last whole period). A team is a senior KAM and the KAMs they manage.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/kpis/abc", AbcAsync).WithTags("KPIs").WithName("GetKpiAbc")
            .WithSummary("ABC (Pareto) classes of a scope's accounts by net revenue over the 12 months ending with 'to'.")
            .WithDescription("scope as for /kpis (company by default); to: the last month (default: the last whole month). " +
                             "The cut-offs are the settings Kpis:Abc:A and Kpis:Abc:B, returned with the result.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/kpis/cohorts", CohortsAsync).WithTags("KPIs").WithName("GetKpiCohorts")
            .WithSummary("Cohort retention: per month of first positive net revenue, the share of the cohort active in each month since.")
            .WithDescription("scope as for /kpis (company by default); from: the first cohort (default: 12 months before 'to'); to: the last month shown " +
                             "(default: the last whole month). active[k] / size is the share active k months after the cohort's month.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<KpiDashboardResult>> DashboardAsync(
        KeystoneDbContext db, IOptions<RevenueOptions> revenue, string? scope, string? period, string? to, CancellationToken ct) =>
        TypedResults.Ok(await KpiDashboard.HandleAsync(db, scope, period, to, revenue.Value.TimeZone, ct));

    private static async Task<Ok<KpiBreakdownResult>> BreakdownAsync(
        KeystoneDbContext db, IOptions<RevenueOptions> revenue, string? scope, string? period, string? at, CancellationToken ct) =>
        TypedResults.Ok(await KpiBreakdown.HandleAsync(db, scope, period, at, revenue.Value.TimeZone, ct));

    private static async Task<Ok<AbcReportResult>> AbcAsync(
        KeystoneDbContext db, IOptions<RevenueOptions> revenue, IOptions<KpiOptions> kpis, string? scope, string? to, CancellationToken ct) =>
        TypedResults.Ok(await AbcReport.HandleAsync(db, scope, to, kpis.Value.Abc.Thresholds, revenue.Value.TimeZone, ct));

    private static async Task<Ok<CohortTable>> CohortsAsync(
        KeystoneDbContext db, IOptions<RevenueOptions> revenue, string? scope, string? from, string? to, CancellationToken ct) =>
        TypedResults.Ok(await CohortRetention.HandleAsync(db, scope, from, to, revenue.Value.TimeZone, ct));

    private static async Task<Ok<IReadOnlyList<KpiRow>>> GetAsync(
        KeystoneDbContext db, string? scope, string? period, string? from, string? to, CancellationToken ct)
    {
        var request = KpiRequest.Parse(scope, period, from, to);
        var results = await KpiQuery.HandleAsync(db, request, ct);
        return TypedResults.Ok<IReadOnlyList<KpiRow>>([.. results.Select(KpiRow.From)]);
    }
}
