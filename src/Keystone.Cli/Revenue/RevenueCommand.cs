using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Keystone.Cli.Data;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Revenue;

/// <summary><c>keystone revenue convert</c>: the stored revenue to the reporting currency now configured.</summary>
internal static class RevenueCommand
{
    public static Command Create(CliContext cli) =>
        new("revenue", "Administers the stored revenue.")
        {
            Convert(cli),
        };

    private static Command Convert(CliContext cli)
    {
        var command = new Command(
            "convert",
            "Converts every stored invoice line to the reporting currency set in Revenue:ReportingCurrency, from the line's own " +
            "currency with the rate to it on the line's date (load them first with 'keystone import rates'). All or nothing.");
        command.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse);
            CliDatabase.PrintTarget(host.Services, cli.Out);
            await using var scope = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            var options = RevenueOptions.FromConfiguration(host.Services.GetRequiredService<IConfiguration>());
            var watch = Stopwatch.StartNew();
            var shown = TimeSpan.Zero;
            var progress = new SyncProgress<(long Done, long Total)>(p =>
            {
                if (watch.Elapsed - shown >= TimeSpan.FromSeconds(5))
                {
                    shown = watch.Elapsed;
                    cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Converting: {p.Done:N0} of {p.Total:N0} lines ({(double)p.Done / Math.Max(1, p.Total):P0})"));
                }
            });
            var result = await ConvertReportingCurrency.HandleAsync(db, options, progress, ct);
            if (result.Lines == 0)
            {
                cli.Out.MarkupLineInterpolated($"The stored revenue is already in {result.To}; nothing to convert.");
                return KeystoneCli.Success;
            }
            cli.Out.MarkupLineInterpolated(
                $"Converted {result.Lines:N0} invoice line(s) of {result.Imports} import(s) from {string.Join(" and ", result.From)} to {result.To} in {watch.Elapsed.TotalSeconds:0.0} s; the KPIs will be computed again.");
            if (result.AmountsKept.Count > 0)
            {
                cli.Out.MarkupLineInterpolated(
                    $"Not converted (amounts people entered in {string.Join(" and ", result.From)}; review them): {string.Join("; ", result.AmountsKept)}.");
            }
            return KeystoneCli.Success;
        });
        return command;
    }
}
