using System.Globalization;
using System.Text;
using Keystone.Core.Data;
using Keystone.Core.Teams;
using Keystone.Web.Contacts;
using Microsoft.Extensions.Options;
using MiniExcelLibs;

namespace Keystone.Web.Teams;

/// <summary>
/// The team load table as a file for the team page's download buttons. Like the KPI downloads they
/// take the sign-in cookie, resolve the actor and run the same use case as the API, so a file never
/// holds a KAM or a count the page would not show.
/// </summary>
public static class TeamDownloads
{
    public static IEndpointRouteBuilder MapTeamDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/team").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/load.csv", async (HttpContext http, KeystoneDbContext db, IOptions<CapacityOptions> capacity, CancellationToken ct) =>
            await ContactDownloads.SignedInAsync(http, db, ct)
            ?? TypedResults.File(Encoding.UTF8.GetBytes(TeamExport.Csv(await TeamLoad.HandleAsync(db, capacity.Value, ct))), "text/csv; charset=utf-8", "team-load.csv"));
        group.MapGet("/load.xlsx", async (HttpContext http, KeystoneDbContext db, IOptions<CapacityOptions> capacity, CancellationToken ct) =>
            await ContactDownloads.SignedInAsync(http, db, ct)
            ?? TypedResults.File(await TeamExport.XlsxAsync(await TeamLoad.HandleAsync(db, capacity.Value, ct), ct),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "team-load.xlsx"));
        return app;
    }
}

/// <summary>One row per KAM, the same columns in CSV and in the workbook.</summary>
public static class TeamExport
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "kam", "role", "manager", "strategic", "key", "managed", "standard", "total",
        "strategic_or_key", "strategic_or_key_capacity", "managed_capacity", "over_capacity", "juniors",
    ];

    public static IEnumerable<object?[]> Rows(TeamLoadView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Kams.Select(k => new object?[]
        {
            k.Kam.DisplayName, k.Role, k.Manager?.DisplayName ?? "", k.Strategic, k.Key, k.Managed, k.Standard, k.Total,
            k.StrategicOrKey, view.StrategicOrKeyCapacity, view.ManagedCapacity, k.OverCapacity ? "yes" : "no",
            string.Join("; ", k.Juniors.Select(j => j.DisplayName)),
        });
    }

    public static string Csv(TeamLoadView view)
    {
        var text = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var row in Rows(view))
        {
            text.AppendJoin(',', row.Select(Cell)).Append('\n');
        }
        return text.ToString();
    }

    public static async Task<byte[]> XlsxAsync(TeamLoadView view, CancellationToken ct = default)
    {
        var rows = Rows(view).Select(cells =>
        {
            var row = new Dictionary<string, object?>(Columns.Count);
            for (var i = 0; i < Columns.Count; i++)
            {
                row[Columns[i]] = cells[i];
            }
            return row;
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "Team load", excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    // RFC 4180 quoting, and a leading sign defused so that a spreadsheet never runs a name as a formula.
    private static string Cell(object? value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && value is string)
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
