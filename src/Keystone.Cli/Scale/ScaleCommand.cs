using System.CommandLine;
using Keystone.Cli.Data;
using Keystone.Core.Data;
using Keystone.Core.Scale;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Scale;

/// <summary><c>keystone seed scale</c>: a large deterministic portfolio for load tests and benchmarks (bench/README.md).</summary>
internal static class ScaleCommand
{
    public static Command Create(CliContext cli)
    {
        var defaults = new ScaleOptions();
        var accounts = Count("--accounts", "accounts", defaults.Accounts);
        var contacts = Count("--contacts", "contacts", defaults.Contacts);
        var activities = Count("--activities", "activities", defaults.Activities);
        var lines = Count("--invoice-lines", "invoice lines, over 24 months", defaults.InvoiceLines);
        var skew = Count("--skew", "activities of the one busy account", defaults.SkewActivities);
        var seed = new Option<int>("--seed") { Description = "The same seed gives the same data, ids included.", HelpName = "number", DefaultValueFactory = _ => 1 };
        var command = new Command("scale",
            "Migrates an empty database and fills it with a large generated portfolio, fast (binary COPY on PostgreSQL), for load tests and benchmarks.")
        {
            accounts, contacts, activities, lines, skew, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ScaleOptions
            {
                Accounts = parse.GetValue(accounts),
                Contacts = parse.GetValue(contacts),
                Activities = parse.GetValue(activities),
                InvoiceLines = parse.GetValue(lines),
                SkewActivities = parse.GetValue(skew),
                Seed = parse.GetValue(seed),
            };
            SeedScale.Validate(options);
            using var host = cli.BuildHost(parse);
            await DbCommand.MigrateAsync(cli, host.Services, ct);
            await using var scope = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            var provider = scope.ServiceProvider.GetRequiredService<IDatabaseProvider>();
            var started = DateTime.UtcNow;
            await SeedScale.HandleAsync(db, provider, options, new Progress(cli.Out), ct);
            var data = new ScaleData(options);
            cli.Out.MarkupLineInterpolated($"Seeded in {(DateTime.UtcNow - started).TotalSeconds:N1} s.");
            // Scripts read these lines (bench/run.sh).
            cli.Output.WriteLine($"Skewed account: {data.AccountId(data.SkewedAccountIndex)}");
            cli.Output.WriteLine($"Median account: {data.AccountId(data.MedianAccountIndex)}");
            cli.Output.WriteLine($"KAM: {data.KamEmail(0)}");
            cli.Output.WriteLine($"Administrator: {ScaleData.AdminEmail}");
            return KeystoneCli.Success;
        });
        return command;
    }

    private static Option<int> Count(string name, string what, int defaultValue) => new(name)
    {
        Description = $"How many {what}.",
        HelpName = "count",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>Writes each step as its own line (a log, not a redrawn bar), so that redirected output stays readable.</summary>
    private sealed class Progress(IAnsiConsole console) : IProgress<ScaleProgress>
    {
        public void Report(ScaleProgress value)
        {
            var seconds = Math.Max(value.Elapsed.TotalSeconds, 0.001);
            if (value.Done)
            {
                console.MarkupLineInterpolated($"{value.Table}: [bold]{value.Written:N0}[/] rows in {seconds:N1} s ({value.Written / seconds:N0} rows/s)");
            }
            else
            {
                console.MarkupLineInterpolated($"  {value.Table}: {value.Written:N0} of {value.Total:N0} ({100.0 * value.Written / Math.Max(1, value.Total):N0} %)");
            }
        }
    }
}
