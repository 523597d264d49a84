using Keystone.Core.Data;
using Keystone.Core.Portfolio;
using Keystone.Core.Revenue;
using Keystone.Web.Contacts;
using Keystone.Web.Kpis;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Portfolio;

/// <summary>
/// The matrix table as a file for the portfolio page's download buttons. Like the KPI downloads, these
/// routes take the sign-in cookie, resolve the actor and run the same use case as the API, so a file
/// holds exactly the rows the person may see.
/// </summary>
public static class PortfolioDownloads
{
    public static IEndpointRouteBuilder MapPortfolioDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/portfolio").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/matrix.csv", async (string? owner, string? tier, HttpContext http, KeystoneDbContext db,
                IOptions<SelectionMatrixOptions> matrix, IOptions<RevenueOptions> revenue, CancellationToken ct) =>
            await ContactDownloads.SignedInAsync(http, db, ct) ?? await ExportAsync(db, matrix.Value, revenue.Value, owner, tier, "csv", ct));
        group.MapGet("/matrix.xlsx", async (string? owner, string? tier, HttpContext http, KeystoneDbContext db,
                IOptions<SelectionMatrixOptions> matrix, IOptions<RevenueOptions> revenue, CancellationToken ct) =>
            await ContactDownloads.SignedInAsync(http, db, ct) ?? await ExportAsync(db, matrix.Value, revenue.Value, owner, tier, "xlsx", ct));
        return app;
    }

    /// <summary>The download's address for the filters as the page holds them.</summary>
    public static string Href(string format, string? owner, string? tier) =>
        $"portfolio/matrix.{format}?owner={Uri.EscapeDataString(owner ?? "")}&tier={Uri.EscapeDataString(tier ?? "")}";

    private static async Task<IResult> ExportAsync(
        KeystoneDbContext db, SelectionMatrixOptions options, RevenueOptions revenue, string? owner, string? tier, string format, CancellationToken ct)
    {
        var report = await GetSelectionMatrix.HandleAsync(db, options, revenue, new GetSelectionMatrix.Query { Owner = owner, Tier = tier }, ct);
        return MatrixExport.Table(report).File(format, "selection-matrix", ct);
    }
}

/// <summary>The matrix table: one row per account, the same columns in CSV and in the workbook; empty cells where an account is not scored.</summary>
public static class MatrixExport
{
    public static KpiTable Table(SelectionMatrixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new KpiTable("Selection matrix",
            ["account_id", "account", "owner", "tier", "relationship_stage", "attractiveness", "strength", "quadrant", "current_sales", "available_sales", "currency", "sales_from", "sales_to"]);
        foreach (var a in report.Accounts)
        {
            table.Add(
                a.Account.Id.ToString(), a.Account.Name, a.Owner.DisplayName, a.Tier, a.RelationshipStage,
                KpiTable.Money(a.Attractiveness), KpiTable.Money(a.Strength), a.Quadrant ?? "not scored",
                KpiTable.Money(a.CurrentSales), KpiTable.Money(a.AvailableSales),
                report.Currency, report.SalesFrom, report.SalesTo);
        }
        return table;
    }
}
