using System.Globalization;
using System.Text;
using Keystone.Core.Kpis;
using MiniExcelLibs;

namespace Keystone.Web.Kpis;

/// <summary>
/// A dashboard table as the download buttons give it: the same cells as CSV (invariant culture, rates
/// as fractions with 4 decimals, money with 2, an empty field where a KPI is undefined) and as a
/// workbook with numbers as numbers.
/// </summary>
public sealed class KpiTable(string sheet, IReadOnlyList<string> header)
{
    private readonly List<object?[]> _rows = [];

    public string Sheet { get; } = sheet;

    public IReadOnlyList<string> Header { get; } = header;

    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>Adds a row; its cells are text, whole numbers or decimals already rounded with <see cref="Rate"/> or <see cref="Money"/>.</summary>
    public KpiTable Add(params object?[] cells)
    {
        if (cells.Length != Header.Count)
        {
            throw new ArgumentException($"A row of {Sheet} has {Header.Count} cells; got {cells.Length}.", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    /// <summary>A rate as a fraction with 4 decimals, as <see cref="KpiCsv"/> writes it (0.3644).</summary>
    public static decimal? Rate(decimal? value) => Clean(KpiMath.Round(value, 4)) + 0.0000m;

    /// <summary>An amount with 2 decimals.</summary>
    public static decimal? Money(decimal? value) => Clean(KpiMath.Round(value, 2)) + 0.00m;

    // A small negative value rounds to a zero that keeps its sign (-0.00); it is written as plain 0.
    // Adding a zero with the scale wanted keeps the trailing zeros, so that a column reads alike.
    private static decimal? Clean(decimal? rounded) => rounded == 0 ? 0m : rounded;

    public string Csv()
    {
        var text = new StringBuilder().AppendJoin(',', Header.Select(Quote)).Append('\n');
        foreach (var row in _rows)
        {
            text.AppendJoin(',', row.Select(Cell)).Append('\n');
        }
        return text.ToString();
    }

    public async Task<byte[]> XlsxAsync(CancellationToken ct = default)
    {
        var rows = _rows.Select(row =>
        {
            var values = new Dictionary<string, object?>(Header.Count);
            for (var i = 0; i < Header.Count; i++)
            {
                values[Header[i]] = row[i];
            }
            return values;
        }).ToList();
        if (rows.Count == 0)
        {
            rows.Add(Header.ToDictionary(h => h, _ => (object?)null));
        }
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: Sheet, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    public IResult File(string format, string name, CancellationToken ct) => format == "csv"
        ? TypedResults.File(Encoding.UTF8.GetBytes(Csv()), "text/csv; charset=utf-8", $"{name}.csv")
        : new XlsxResult(this, $"{name}.xlsx");

    private static string Cell(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => Quote(s),
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    // Names may hold commas or quotes; a cell that starts like a formula is prefixed so that a spreadsheet shows it as text.
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private sealed class XlsxResult(KpiTable table, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var bytes = await table.XlsxAsync(httpContext.RequestAborted);
            await TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName).ExecuteAsync(httpContext);
        }
    }
}

/// <summary>The dashboards' tables, one builder each, shared by the pages' downloads and their tests.</summary>
public static class KpiTables
{
    public static KpiTable Dashboard(KpiDashboardResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new KpiTable("Dashboard", ["period", "active", "retained", "new", "reactivated", "retention", "logo_churn", "grr", "nrr", "revenue",
            "revenue_growth", "gross_margin", "gross_margin_growth", "additional_offerings", "meetings_and_calls"]);
        foreach (var p in result.Periods)
        {
            var k = p.Kpis;
            table.Add(k.Period, k.Active, k.Retained, k.New, k.Reactivated, KpiTable.Rate(k.Retention), KpiTable.Rate(k.LogoChurn), KpiTable.Rate(k.Grr),
                KpiTable.Rate(k.Nrr), KpiTable.Money(k.Revenue), KpiTable.Rate(k.RevenueGrowth), KpiTable.Money(k.GrossMargin),
                KpiTable.Rate(k.GrossMarginGrowth), k.AdditionalOfferings, p.MeetingsAndCalls);
        }
        return table;
    }

    public static KpiTable Breakdown(KpiBreakdownResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new KpiTable("Breakdown", ["level", "name", "scope", "period", "active", "retention", "logo_churn", "grr", "nrr", "revenue",
            "revenue_growth", "gross_margin", "gross_margin_growth", "additional_offerings", "meetings_and_calls"]);
        foreach (var row in (IEnumerable<BreakdownRow>)[result.Total, .. result.Children])
        {
            var k = row.Kpis;
            table.Add(row.Level.ToString().ToLowerInvariant(), row.Name, row.Scope, k.Period, k.Active, KpiTable.Rate(k.Retention), KpiTable.Rate(k.LogoChurn),
                KpiTable.Rate(k.Grr), KpiTable.Rate(k.Nrr), KpiTable.Money(k.Revenue), KpiTable.Rate(k.RevenueGrowth), KpiTable.Money(k.GrossMargin),
                KpiTable.Rate(k.GrossMarginGrowth), k.AdditionalOfferings, row.MeetingsAndCalls);
        }
        return table;
    }

    public static KpiTable Abc(AbcReportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new KpiTable("ABC", ["rank", "account_id", "account", "revenue", "share", "share_before", "cumulative_share", "class"]);
        foreach (var row in result.Accounts)
        {
            table.Add(row.Rank, row.AccountId.ToString(), row.Account, KpiTable.Money(row.Revenue), KpiTable.Rate(row.Share), KpiTable.Rate(row.ShareBefore),
                KpiTable.Rate(row.CumulativeShare), row.Class.ToString());
        }
        return table;
    }

    /// <summary>One row per cohort: its month, its size, then the share active in each month since (<c>m0</c>, <c>m1</c>, ...).</summary>
    public static KpiTable Cohorts(CohortTable result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var columns = result.Columns;
        var table = new KpiTable("Cohorts", ["cohort", "accounts", .. Enumerable.Range(0, columns).Select(k => $"m{k}")]);
        foreach (var cohort in result.Cohorts)
        {
            table.Add([cohort.Month, cohort.Size, .. Enumerable.Range(0, columns).Select(k => (object?)KpiTable.Rate(cohort.Share(k)))]);
        }
        return table;
    }
}
