using System.Globalization;
using Keystone.Core.Data;
using Keystone.Core.Pay;
using Keystone.Core.Revenue;
using Keystone.Web.Contacts;
using Keystone.Web.Kpis;
using Microsoft.Extensions.Options;

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
        var table = new KpiTable("Scorecard", Columns);
        foreach (var line in card.Attainment)
        {
            table.Add(card.User.DisplayName, card.Period, "attainment", line.Metric, Exact(line.Target), Exact(line.Actual), Exact(line.Attainment), null, null, null, null);
        }
        if (card.Payout is { } payout)
        {
            AddPayout(table, payout);
        }
        return table.File(format, $"scorecard-{card.Period}", ct);
    }

    private static async Task<IResult> PayoutsAsync(KeystoneDbContext db, string? period, string format, RevenueOptions revenue, CancellationToken ct)
    {
        var payouts = await GetPayouts.HandleAsync(db, new GetPayouts.Query { Period = period, TimeZone = revenue.ReportingTimeZone }, ct);
        var table = new KpiTable("Scorecard", Columns);
        foreach (var payout in payouts)
        {
            AddPayout(table, payout);
        }
        return table.File(format, $"payouts-{period?.Trim()}", ct);
    }

    private static void AddPayout(KpiTable table, Payout payout)
    {
        foreach (var l in payout.Lines)
        {
            table.Add(payout.User.DisplayName, payout.Period, "payout", l.Metric, Exact(l.Target), Exact(l.Actual), Exact(l.Attainment), Exact(l.Weight),
                Exact(l.Factor), l.Rule, Exact(l.Amount));
        }
        table.Add(payout.User.DisplayName, payout.Period, "payout", "total", null, null, null, null, null, null, Exact(payout.Total));
    }

    // Exact figures without trailing zeros, so both databases write the same file.
    private static decimal? Exact(decimal? value) =>
        value is { } d ? decimal.Parse(d.ToString("0.############################", CultureInfo.InvariantCulture), NumberStyles.Number, CultureInfo.InvariantCulture) : null;
}
