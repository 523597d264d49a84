using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Keystone.Cli.Data;
using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Kpis;

/// <summary><c>keystone kpi</c>: a scope's KPIs per period, as a table, CSV or JSON.</summary>
internal static class KpiCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static Command Create(CliContext cli)
    {
        var scope = new Option<string>("--scope")
        {
            Description = "Whose KPIs: company, account:ID, account-tree:ID (with its subsidiaries), kam:EMAIL or team:EMAIL (a KAM and everyone they manage).",
            HelpName = "scope",
            Required = true,
        };
        var period = new Option<string>("--period") { Description = "The length of a period.", HelpName = "month|quarter|year", DefaultValueFactory = _ => "month" }
            .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, ["month", "quarter", "year"]);
        var from = new Option<string>("--from") { Description = "The first month, such as 2011-01.", HelpName = "YYYY-MM", Required = true };
        var to = new Option<string>("--to") { Description = "The last month, such as 2011-12.", HelpName = "YYYY-MM", Required = true };
        var format = new Option<string>("--format") { Description = "table for people; csv or json for scripts.", HelpName = "table|csv|json", DefaultValueFactory = _ => "table" }
            .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, ["table", "csv", "json"]);
        var actAs = new Option<string?>("--as") { Description = "Sees what this user sees instead of everything.", HelpName = "email" };

        var command = new Command("kpi", "Shows a scope's customer retention, churn, GRR, NRR, revenue and additional offerings per period.")
        {
            scope, period, from, to, format, actAs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = KpiRequest.Parse(parse.GetValue(scope), parse.GetValue(period), parse.GetValue(from), parse.GetValue(to));
            var style = parse.GetValue(format)!.ToLowerInvariant();
            using var host = cli.BuildHost(parse);
            // CSV and JSON are read by scripts: the database line goes to the error stream, away from the data.
            CliDatabase.PrintTarget(host.Services, style == "table" ? cli.Out : cli.Err);
            await using var services = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = services.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            var revenue = RevenueOptions.FromConfiguration(host.Services.GetRequiredService<IConfiguration>());
            await ConvertReportingCurrency.DemandStoredMatchesAsync(db, revenue.ReportingCurrency, ct);
            if (parse.GetValue(actAs) is { } email)
            {
                await ActAsync(services.ServiceProvider, db, email, ct);
            }

            var results = await KpiQuery.HandleAsync(db, request, ct);
            switch (style)
            {
                case "csv":
                    cli.Output.WriteLine(KpiCsv.Header);
                    foreach (var result in results)
                    {
                        cli.Output.WriteLine(KpiCsv.FormatRow(result.Snapshot));
                    }
                    break;
                case "json":
                    cli.Output.WriteLine(JsonSerializer.Serialize(results.Select(KpiRow.From).ToList(), Json));
                    break;
                default:
                    WriteTable(cli, request, results);
                    break;
            }
            return KeystoneCli.Success;
        });
        command.Add(CreateRefresh(cli));
        return command;
    }

    /// <summary>
    /// <c>keystone kpi refresh</c>: computes and stores the company's dashboard figures and every KAM's
    /// scorecard now (ADR 0012, 0016), as
    /// the web server does in the background after a change; for scripts that import from the command line
    /// and want the dashboard fast at once.
    /// </summary>
    private static Command CreateRefresh(CliContext cli)
    {
        var command = new Command("refresh", "Computes and stores the company's KPI dashboard figures (24 months, quarters and years) and each KAM's scorecard (24 months) if a change made them stale.");
        command.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse);
            CliDatabase.PrintTarget(host.Services, cli.Out);
            await using var services = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = services.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            var revenue = RevenueOptions.FromConfiguration(host.Services.GetRequiredService<IConfiguration>());
            await ConvertReportingCurrency.DemandStoredMatchesAsync(db, revenue.ReportingCurrency, ct);
            var zone = revenue.TimeZone;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var computed = await CompanySnapshots.RefreshDefaultsAsync(db, zone, ct);
            cli.Out.MarkupLine(computed
                ? $"Company KPIs computed and stored in {watch.Elapsed.TotalSeconds:0.0} s."
                : "Company KPIs were already up to date.");
            watch.Restart();
            var kams = await ScopeSnapshots.RefreshKamsAsync(db, zone, ct);
            cli.Out.MarkupLine(kams > 0
                ? $"KPI scorecards of {kams} KAM{(kams == 1 ? "" : "s")} computed and stored in {watch.Elapsed.TotalSeconds:0.0} s."
                : "KAMs' KPI scorecards were already up to date.");
            return KeystoneCli.Success;
        });
        return command;
    }

    private static void WriteTable(CliContext cli, KpiRequest request, IReadOnlyList<KpiPeriodResult> results)
    {
        var company = request.Scope.Kind == KpiScopeKind.Company;
        var table = new Table().Title(Markup.Escape($"KPIs of {request.Scope}"));
        table.AddColumn("Period");
        foreach (var heading in new[] { "Active", "Retained", "New", "Reactivated", "Retention", "Logo churn", "GRR", "NRR", "Revenue", "Additional offerings", "Gross margin" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }
        if (company)
        {
            table.AddColumn(new TableColumn("Unattributed").RightAligned());
        }
        foreach (var row in results.Select(KpiRow.From))
        {
            List<string> cells =
            [
                row.Period,
                Number(row.Active), Number(row.Retained), Number(row.New), Number(row.Reactivated),
                Rate(row.Retention), Rate(row.LogoChurn), Rate(row.Grr), Rate(row.Nrr),
                Money(row.Revenue), Number(row.AdditionalOfferings), Money(row.GrossMargin),
            ];
            if (company)
            {
                cells.Add(Money(row.UnattributedRevenue));
            }
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        cli.Out.Write(table);
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // Undefined KPIs show as a dash, never as 0 or 100 % (KPIS.md).
    private static string Rate(decimal? value) =>
        value is { } v ? KpiMath.Round(v * 100, 1).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    private static string Money(decimal? value) =>
        value is { } v ? KpiMath.Round(v, 2).ToString("N2", CultureInfo.InvariantCulture) : "—";

    private static async Task ActAsync(IServiceProvider services, KeystoneDbContext db, string email, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var user = await services.GetRequiredService<UserManager<KeystoneUser>>().FindByEmailAsync(email.Trim())
            ?? throw new ValidationException("as", $"There is no user {email.Trim()}; add them with 'keystone users add'.");
        var actor = await ActorLoader.LoadAsync(db, user.Id, ct)
            ?? throw new ValidationException("as", $"{email.Trim()} is deactivated; run as an active user.");
        services.GetRequiredService<CurrentActor>().Set(actor);
    }
}
