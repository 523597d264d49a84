using System.CommandLine;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Data;

internal static class DbCommand
{
    public static Command Create(CliContext cli)
    {
        var migrate = new Command("migrate", "Creates the database or brings its schema up to date, as the web app does at every start.");
        migrate.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse);
            await MigrateAsync(cli, host.Services, ct);
            return KeystoneCli.Success;
        });
        return new Command("db", "Administers the database.") { migrate };
    }

    /// <summary>Applies the configured provider's migrations and says which ones it applied.</summary>
    public static async Task MigrateAsync(CliContext cli, IServiceProvider services, CancellationToken ct)
    {
        CliDatabase.PrintTarget(services, cli.Out);
        IReadOnlyList<string> pending;
        string? latest;
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
            var (provider, connection) = DatabaseRegistration.Resolve(scope.ServiceProvider.GetRequiredService<IConfiguration>());
            provider.PrepareStorage(connection);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            pending = [.. await db.Database.GetPendingMigrationsAsync(ct)];
            latest = db.Database.GetMigrations().LastOrDefault();
        }
        await DatabaseRegistration.MigrateAsync(services, ct);
        if (pending.Count == 0)
        {
            cli.Out.MarkupLineInterpolated($"[green]Up to date[/]: every migration is applied, the latest is {latest ?? "(none)"}.");
        }
        else
        {
            var count = pending.Count == 1 ? "1 migration" : $"{pending.Count} migrations";
            cli.Out.MarkupLineInterpolated($"[green]Applied {count}[/]: {string.Join(", ", pending)}.");
        }
    }
}
