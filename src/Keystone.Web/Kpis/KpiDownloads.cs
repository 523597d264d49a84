using System.Globalization;
using System.Text;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Microsoft.Extensions.Options;
using Keystone.Web.Contacts;
using MiniExcelLibs;

namespace Keystone.Web.Kpis;

/// <summary>
/// The KPI table as a file for the page's download buttons. The API takes bearer tokens only, so these
/// routes take the sign-in cookie, resolve the actor as the vCard downloads do and run the same query
/// as the API and the CLI: a scope out of sight answers 404 or 403, a wrong field 400, as there.
/// </summary>
public static class KpiDownloads
{
    public static IEndpointRouteBuilder MapKpiDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/kpis").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/export.csv", async (string? scope, string? period, string? from, string? to, HttpContext http, KeystoneDbContext db, CancellationToken ct) =>
            await ContactDownloads.SignedInAsync(http, db, ct) ?? await ExportAsync(db, scope, period, from, to, "csv", ct));
        group.MapGet("/export.xlsx", async (string? scope, string? period, string? from, string? to, HttpContext http, KeystoneDbContext db, CancellationToken ct) =>
            await ContactDownloads.SignedInAsync(http, db, ct) ?? await ExportAsync(db, scope, period, from, to, "xlsx", ct));
        MapTable(group, "dashboard", (db, q, revenue, _, ct) => Dashboard(db, q, revenue, ct));
        MapTable(group, "breakdown", async (db, q, revenue, _, ct) =>
            KpiTables.Breakdown(await KpiBreakdown.HandleAsync(db, q["scope"], q["period"], q["at"], revenue.TimeZone, ct)));
        MapTable(group, "abc", async (db, q, revenue, kpis, ct) =>
            KpiTables.Abc(await AbcReport.HandleAsync(db, q["scope"], q["to"], kpis.Abc.Thresholds, revenue.TimeZone, ct)));
        MapTable(group, "cohorts", async (db, q, revenue, _, ct) =>
            KpiTables.Cohorts(await CohortRetention.HandleAsync(db, q["scope"], q["from"], q["to"], revenue.TimeZone, ct)));
        return app;
    }

    private static async Task<KpiTable> Dashboard(KeystoneDbContext db, IQueryCollection q, RevenueOptions revenue, CancellationToken ct) =>
        KpiTables.Dashboard(await KpiDashboard.HandleAsync(db, q["scope"], q["period"], q["to"], revenue.TimeZone, ct));

    // /kpis/{name}/export.csv and .xlsx: the dashboards' tables, under the same cookie sign-in and engine as the page.
    private static void MapTable(
        RouteGroupBuilder group, string name, Func<KeystoneDbContext, IQueryCollection, RevenueOptions, KpiOptions, CancellationToken, Task<KpiTable>> build)
    {
        foreach (var format in new[] { "csv", "xlsx" })
        {
            group.MapGet($"/{name}/export.{format}", async (HttpContext http, KeystoneDbContext db, IOptions<RevenueOptions> revenue, IOptions<KpiOptions> kpis, CancellationToken ct) =>
                await ContactDownloads.SignedInAsync(http, db, ct)
                ?? (await build(db, http.Request.Query, revenue.Value, kpis.Value, ct)).File(format, $"kpis-{name}", ct));
        }
    }

    /// <summary>The address of a dashboard table's download, with the page's query.</summary>
    public static string TableHref(string name, string format, IReadOnlyDictionary<string, string?> query) =>
        $"kpis/{name}/export.{format}" + QueryString.Create(query.Where(q => !string.IsNullOrEmpty(q.Value))).ToUriComponent();

    /// <summary>The download's address for a request as the page holds it.</summary>
    public static string Href(string format, string scope, string period, string from, string to) =>
        $"kpis/export.{format}?scope={Uri.EscapeDataString(scope)}&period={Uri.EscapeDataString(period)}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}";

    private static async Task<IResult> ExportAsync(KeystoneDbContext db, string? scope, string? period, string? from, string? to, string format, CancellationToken ct)
    {
        var request = KpiRequest.Parse(scope, period, from, to);
        var results = await KpiQuery.HandleAsync(db, request, ct);
        var name = FileName(request);
        return format == "csv"
            ? TypedResults.File(Encoding.UTF8.GetBytes(KpiExport.Csv(results)), "text/csv; charset=utf-8", $"{name}.csv")
            : TypedResults.File(await KpiExport.XlsxAsync(results, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{name}.xlsx");
    }

    // kpis-company-2025-01-2025-12: the scope's kind only, an email or id in a file name helps nobody.
    private static string FileName(KpiRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"kpis-{request.Scope.Kind.ToString().ToLowerInvariant()}-{request.From}-{request.To}");
}

/// <summary>The KPI table in the columns of <c>keystone kpi --format csv</c> (<see cref="KpiCsv"/>), as CSV or as a workbook.</summary>
public static class KpiExport
{
    public static string Csv(IEnumerable<KpiPeriodResult> results)
    {
        var text = new StringBuilder().Append(KpiCsv.Header).Append('\n');
        foreach (var result in results)
        {
            text.Append(KpiCsv.FormatRow(result.Snapshot)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The CSV's cells, with numbers as numbers: the workbook is made from <see cref="KpiCsv.FormatRow"/>,
    /// so the two files can never disagree on a column or a rounding.
    /// </summary>
    public static async Task<byte[]> XlsxAsync(IEnumerable<KpiPeriodResult> results, CancellationToken ct = default)
    {
        var columns = KpiCsv.Header.Split(',');
        var rows = results.Select(r =>
        {
            var cells = KpiCsv.FormatRow(r.Snapshot).Split(',');
            var row = new Dictionary<string, object?>(columns.Length);
            for (var i = 0; i < columns.Length; i++)
            {
                row[columns[i]] = i == 0 ? cells[i] : Number(cells[i]);
            }
            return row;
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "KPIs", excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    private static decimal? Number(string cell) =>
        cell.Length == 0 ? null : decimal.Parse(cell, NumberStyles.Number, CultureInfo.InvariantCulture);
}
