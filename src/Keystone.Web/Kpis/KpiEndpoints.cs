using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Microsoft.AspNetCore.Http.HttpResults;

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
        return api;
    }

    private static async Task<Ok<IReadOnlyList<KpiRow>>> GetAsync(
        KeystoneDbContext db, string? scope, string? period, string? from, string? to, CancellationToken ct)
    {
        var request = KpiRequest.Parse(scope, period, from, to);
        var results = await KpiQuery.HandleAsync(db, request, ct);
        return TypedResults.Ok<IReadOnlyList<KpiRow>>([.. results.Select(KpiRow.From)]);
    }
}
