using System.CommandLine;
using Keystone.Cli.Data;
using Keystone.Core.Data;
using Keystone.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Demo;

internal static class SeedCommand
{
    public static Command Create(CliContext cli)
    {
        var demo = new Command("demo",
            "Migrates the database and adds the demo portfolio (once), then gives the demo users new passwords and prints them.");
        demo.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse);
            await DbCommand.MigrateAsync(cli, host.Services, ct);
            await DemoStartup.SeedAndPrintAsync(host.Services, cli.Output, ct);
            await using var scope = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            var accounts = await db.Accounts.CountAsync(ct);
            var contacts = await db.Contacts.CountAsync(ct);
            cli.Out.MarkupLineInterpolated($"The database holds [bold]{accounts}[/] accounts and [bold]{contacts}[/] contacts.");
            return KeystoneCli.Success;
        });
        return new Command("seed", "Adds sample data.") { demo, Scale.ScaleCommand.Create(cli) };
    }
}
