using System.Diagnostics;
using System.Globalization;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Bench;

/// <summary>
/// The company dashboard and one KAM's scorecard, computed by Keystone's KPI engine and by
/// hand-written SQL (revenue, active and retained accounts per month), timed and checked equal.
/// Both are timed cold (the first call after a write: computed and stored) and warm (the stored
/// figures: the company's as the dashboard shows them once an import's refresh ran, ADR 0012; the KAM's
/// as their scorecard shows them from its second view after a write, ADR 0016); the company also as the whole dashboard.
/// </summary>
internal static class KpiComparison
{
    public static async Task<int> RunAsync(Args args)
    {
        using var host = KeystoneServices.Build(args);
        var from = args["from"];
        var to = args["to"];
        var runs = args.Int("runs", 3);
        var kamEmail = args["kam"];
        var ok = true;
        foreach (var (name, scope) in new[] { ("COMPANY", "company"), ("KAM", $"kam:{kamEmail}") })
        {
            var company = name == "COMPANY";
            var engine = new List<double>();
            var cold = new List<double>();
            var dashboard = new List<double>();
            var hand = new List<double>();
            IReadOnlyList<KpiPeriodResult> results = [];
            IReadOnlyList<KpiPeriodResult> coldResults = [];
            List<(string Month, long RevenueE4, int Active, int Retained)> rows = [];
            for (var run = 0; run < runs; run++)
            {
                // As after a write (an import): the stored figures (the company's, ADR 0012; the KAM's, ADR 0016)
                // are out of date, so the first call computes and stores them (cold), the next ones read them (warm).
                await using (var s = host.Services.CreateAsyncScope())
                {
                    await RevenueRevision.BumpAsync(await ActAsync(s.ServiceProvider, null));
                }
                await using (var s = host.Services.CreateAsyncScope())
                {
                    var db = await ActAsync(s.ServiceProvider, company ? null : kamEmail);
                    var watch = Stopwatch.StartNew();
                    coldResults = await KpiQuery.HandleAsync(db, KpiRequest.Parse(scope, "month", from, to));
                    cold.Add(watch.Elapsed.TotalMilliseconds);
                }
                await using (var s = host.Services.CreateAsyncScope())
                {
                    var db = await ActAsync(s.ServiceProvider, company ? null : kamEmail);
                    var watch = Stopwatch.StartNew();
                    results = await KpiQuery.HandleAsync(db, KpiRequest.Parse(scope, "month", from, to));
                    engine.Add(watch.Elapsed.TotalMilliseconds);
                }
                if (company)
                {
                    // The whole dashboard as the page and GET /api/v1/kpis/dashboard answer it: KPIs plus meetings and calls.
                    await using var s = host.Services.CreateAsyncScope();
                    var db = await ActAsync(s.ServiceProvider, null);
                    var watch = Stopwatch.StartNew();
                    await KpiDashboard.HandleAsync(db, scope, "month", to, TimeZoneInfo.Utc);
                    dashboard.Add(watch.Elapsed.TotalMilliseconds);
                }
                await using (var s = host.Services.CreateAsyncScope())
                {
                    var db = await ActAsync(s.ServiceProvider, null);
                    var watch = Stopwatch.StartNew();
                    rows = await HandSqlAsync(db, company ? null : kamEmail, from, to);
                    hand.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            var equal = Compare(results, rows, out var difference);
            if (equal)
            {
                equal = Compare(coldResults, rows, out difference);
                difference = equal ? "" : "cold: " + difference;
            }
            ok &= equal;
            Args.Print($"KPI_{name}_COLD_MS", Math.Round(Args.Median(cold), 1));
            if (company)
            {
                Args.Print($"KPI_{name}_DASHBOARD_MS", Math.Round(Args.Median(dashboard), 1));
                // The first dashboard of the run counts the meetings and calls itself when they are not stored yet.
                Args.Print($"KPI_{name}_DASHBOARD_FIRST_MS", Math.Round(dashboard[0], 1));
            }
            Args.Print($"KPI_{name}_ENGINE_MS", Math.Round(Args.Median(engine), 1));
            Args.Print($"KPI_{name}_HAND_MS", Math.Round(Args.Median(hand), 1));
            Args.Print($"KPI_{name}_EQUAL", equal ? "yes" : $"no ({difference})");
            Args.Print($"KPI_{name}_REVENUE", results.Sum(r => r.Snapshot.NetRevenue).ToString("0.00", CultureInfo.InvariantCulture));
        }
        return ok ? 0 : 1;
    }

    private static async Task<KeystoneDbContext> ActAsync(IServiceProvider services, string? email)
    {
        var db = services.GetRequiredService<KeystoneDbContext>();
        var actor = services.GetRequiredService<CurrentActor>();
        actor.Set(Actor.System);
        if (email is not null)
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            actor.Set((await ActorLoader.LoadAsync(db, id))!);
        }
        return db;
    }

    private static bool Compare(IReadOnlyList<KpiPeriodResult> engine, List<(string Month, long RevenueE4, int Active, int Retained)> hand, out string difference)
    {
        var byMonth = hand.ToDictionary(r => r.Month);
        foreach (var result in engine)
        {
            var s = result.Snapshot;
            var month = s.Period.ToString();
            var row = byMonth.GetValueOrDefault(month);
            var revenue = ScaledMoney.FromE4(row.RevenueE4);
            if (s.NetRevenue != revenue || s.Active != row.Active || s.Customers.Retained != row.Retained)
            {
                difference = $"{month}: engine revenue {s.NetRevenue} active {s.Active} retained {s.Customers.Retained}, SQL {revenue} {row.Active} {row.Retained}";
                return false;
            }
        }
        difference = "";
        return true;
    }

    /// <summary>Per month of the range: net revenue of the scope's accounts, accounts with revenue above 0, and of those the ones above 0 the month before.</summary>
    private static async Task<List<(string Month, long RevenueE4, int Active, int Retained)>> HandSqlAsync(KeystoneDbContext db, string? kamEmail, string from, string to)
    {
        var first = DateOnly.ParseExact(from + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = DateOnly.ParseExact(to + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1);
        var sqlite = db.IsSqlite;
        var month = sqlite
            ? "CAST(substr(l.\"InvoiceDate\", 1, 4) AS INTEGER) * 12 + CAST(substr(l.\"InvoiceDate\", 6, 2) AS INTEGER) - 1"
            : "CAST(EXTRACT(YEAR FROM l.\"InvoiceDate\") AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM l.\"InvoiceDate\") AS INTEGER) - 1";
        var p = sqlite ? "$" : "@";
        var owner = kamEmail is null ? "" : $"JOIN accounts a ON a.\"Id\" = l.\"AccountId\" AND a.\"OwnerId\" = (SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"Email\" = {p}kam)";
        var sql = $"""
            WITH m AS (
                SELECT l."AccountId" AS account, {month} AS mon, SUM(l."AmountE4") AS s
                FROM invoice_lines l {owner}
                WHERE l."AccountId" IS NOT NULL AND l."InvoiceDate" >= {p}start AND l."InvoiceDate" < {p}finish
                GROUP BY l."AccountId", {month})
            SELECT m.mon, SUM(m.s), SUM(CASE WHEN m.s > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN m.s > 0 AND prev.s > 0 THEN 1 ELSE 0 END)
            FROM m LEFT JOIN m prev ON prev.account = m.account AND prev.mon = m.mon - 1
            WHERE m.mon >= {p}first
            GROUP BY m.mon ORDER BY m.mon
            """;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        Add(command, p + "start", sqlite ? first.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : first.AddMonths(-1));
        Add(command, p + "finish", sqlite ? end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : end);
        Add(command, p + "first", first.Year * 12 + first.Month - 1);
        if (kamEmail is not null)
        {
            Add(command, p + "kam", kamEmail);
        }
        var rows = new List<(string, long, int, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var m = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
            rows.Add(($"{m / 12:D4}-{m % 12 + 1:D2}", Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
