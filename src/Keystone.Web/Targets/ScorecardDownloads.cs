using System.Globalization;
using System.Text;
using Keystone.Core.Data;
using Keystone.Core.Pay;
using Keystone.Core.Revenue;
using Keystone.Web.Contacts;
using Microsoft.Extensions.Options;
using MiniExcelLibs;

namespace Keystone.Web.Targets;

/// <summary>
/// A scorecard and the payouts list as files for the pages' download buttons. Like the KPI downloads
/// they take the sign-in cookie, resolve the actor and run the same use cases as the API and the pages.
/// </summary>
public static class ScorecardDownloads
{
    public static IEndpointRouteBuilder MapScorecardDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/scorecards/{id:guid}/export.{format:regex(^(csv|xlsx)$)}",
            async (Guid id, string format, string? period, HttpContext http, KeystoneDbContext db, IOptions<RevenueOptions> revenue, CancellationToken ct) =>
                await ContactDownloads.SignedInAsync(http, db, ct) ?? await ScorecardAsync(db, id, period, format, revenue.Value, ct))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/payouts/export.{format:regex(^(csv|xlsx)$)}",
            async (string format, string? period, HttpContext http, KeystoneDbContext db, IOptions<RevenueOptions> revenue, CancellationToken ct) =>
                await ContactDownloads.SignedInAsync(http, db, ct) ?? await PayoutsAsync(db, period, format, revenue.Value, ct))
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    public static string Href(Guid userId, string format, string period) =>
        $"scorecards/{userId}/export.{format}?period={Uri.EscapeDataString(period)}";

    public static string PayoutsHref(string format, string period) => $"payouts/export.{format}?period={Uri.EscapeDataString(period)}";

    /// <summary>The columns of both files: one row per metric of the attainment, then one per payout line and the total.</summary>
    public static readonly string[] Columns = ["kam", "period", "section", "metric", "target", "actual", "attainment", "weight", "factor", "rule", "amount"];

    private static async Task<IResult> ScorecardAsync(KeystoneDbContext db, Guid id, string? period, string format, RevenueOptions revenue, CancellationToken ct)
    {
        var card = await GetScorecard.HandleAsync(db, id, period, revenue.ReportingTimeZone, ct);
        var rows = new List<object?[]>();
        foreach (var line in card.Attainment)
        {
            rows.Add([card.User.DisplayName, card.Period, "attainment", line.Metric, line.Target, line.Actual, line.Attainment, null, null, null, null]);
        }
        if (card.Payout is { } payout)
        {
            rows.AddRange(PayoutRows(payout));
        }
        return await FileAsync(rows, format, $"scorecard-{card.Period}", ct);
    }

    private static async Task<IResult> PayoutsAsync(KeystoneDbContext db, string? period, string format, RevenueOptions revenue, CancellationToken ct)
    {
        var payouts = await GetPayouts.HandleAsync(db, new GetPayouts.Query { Period = period, TimeZone = revenue.ReportingTimeZone }, ct);
        return await FileAsync([.. payouts.SelectMany(PayoutRows)], format, $"payouts-{period?.Trim()}", ct);
    }

    private static IEnumerable<object?[]> PayoutRows(Payout payout) =>
        payout.Lines.Select(l => new object?[] { payout.User.DisplayName, payout.Period, "payout", l.Metric, l.Target, l.Actual, l.Attainment, l.Weight, l.Factor, l.Rule, l.Amount })
            .Append([payout.User.DisplayName, payout.Period, "payout", "total", null, null, null, null, null, null, payout.Total]);

    private static async Task<IResult> FileAsync(List<object?[]> rows, string format, string name, CancellationToken ct)
    {
        if (format == "csv")
        {
            var text = new StringBuilder().AppendJoin(',', Columns).Append('\n');
            foreach (var row in rows)
            {
                text.AppendJoin(',', row.Select(Cell)).Append('\n');
            }
            return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{name}.csv");
        }
        var sheet = rows.Select(r =>
        {
            var dict = new Dictionary<string, object?>(Columns.Length);
            for (var i = 0; i < Columns.Length; i++)
            {
                dict[Columns[i]] = r[i];
            }
            return dict;
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: "Scorecard", excelType: ExcelType.XLSX, cancellationToken: ct);
        return TypedResults.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{name}.xlsx");
    }

    // Exact figures without trailing zeros, so both databases write the same file; text is quoted when it holds a comma or a quote.
    private static string Cell(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        string s when s.IndexOfAny([',', '"', '\n', '\r']) >= 0 => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
