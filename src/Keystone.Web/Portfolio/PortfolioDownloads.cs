using System.Globalization;
using System.Text;
using Keystone.Core.Data;
using Keystone.Core.Portfolio;
using Keystone.Core.Revenue;
using Keystone.Web.Contacts;
using Microsoft.Extensions.Options;
using MiniExcelLibs;

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
        return format == "csv"
            ? TypedResults.File(Encoding.UTF8.GetBytes(MatrixExport.Csv(report)), "text/csv; charset=utf-8", "selection-matrix.csv")
            : TypedResults.File(await MatrixExport.XlsxAsync(report, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "selection-matrix.xlsx");
    }
}

/// <summary>The matrix table: one row per account, the same columns in CSV and in the workbook; empty cells where an account is not scored.</summary>
public static class MatrixExport
{
    public static readonly string[] Columns =
        ["account_id", "account", "owner", "tier", "relationship_stage", "attractiveness", "strength", "quadrant", "current_sales", "available_sales", "currency", "sales_from", "sales_to"];

    public static IEnumerable<object?[]> Rows(SelectionMatrixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Accounts.Select(a => new object?[]
        {
            a.Account.Id.ToString(), a.Account.Name, a.Owner.DisplayName, a.Tier, a.RelationshipStage,
            a.Attractiveness is { } x ? Math.Round(x, 2, MidpointRounding.AwayFromZero) : null,
            a.Strength is { } y ? Math.Round(y, 2, MidpointRounding.AwayFromZero) : null,
            a.Quadrant ?? "not scored",
            Math.Round(a.CurrentSales, 2, MidpointRounding.AwayFromZero),
            a.AvailableSales is { } s ? Math.Round(s, 2, MidpointRounding.AwayFromZero) : null,
            report.Currency, report.SalesFrom, report.SalesTo,
        });
    }

    public static string Csv(SelectionMatrixReport report)
    {
        var text = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var row in Rows(report))
        {
            text.AppendJoin(',', row.Select(Cell)).Append('\n');
        }
        return text.ToString();
    }

    public static async Task<byte[]> XlsxAsync(SelectionMatrixReport report, CancellationToken ct = default)
    {
        var rows = Rows(report).Select(row =>
        {
            var cells = new Dictionary<string, object?>(Columns.Length);
            for (var i = 0; i < Columns.Length; i++)
            {
                cells[Columns[i]] = row[i];
            }
            return cells;
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "Selection matrix", excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    // Text that a spreadsheet would run as a formula is quoted with a leading apostrophe.
    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && value is string)
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
