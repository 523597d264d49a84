using System.CommandLine;
using Keystone.Cli.Data;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Users;

internal static class UsersCommand
{
    public static Command Create(CliContext cli)
    {
        var roles = string.Join(", ", KeystoneRoles.All.Select(r => r.ToIdentifier()));
        var email = new Argument<string>("email") { Description = "The user's email address; they sign in with it." };
        var role = new Option<string>("--role") { Description = $"The user's role: {roles}.", Required = true, HelpName = "role" };
        role.CompletionSources.Add([.. KeystoneRoles.All.Select(r => r.ToIdentifier())]);
        var manager = new Option<string?>("--manager") { Description = "The email of their manager, a KAM, head of KAM or administrator.", HelpName = "email" };
        var name = new Option<string?>("--name") { Description = "The name others see; by default the part of the email before the @.", HelpName = "name" };

        var add = new Command("add", "Adds a user and prints a one-time password, which they change at their first sign-in.") { email, role, manager, name };
        add.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse);
            CliDatabase.PrintTarget(host.Services, cli.Out);
            await using var scope = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KeystoneUser>>();
            var input = new UserInput
            {
                Email = parse.GetValue(email),
                Role = parse.GetValue(role),
                DisplayName = parse.GetValue(name),
                Manager = parse.GetValue(manager) is { } m ? m : Optional<string?>.Unset,
            };
            var (user, password) = await SaveUser.CreateAsync(db, users, input, ct);

            var reporting = user.ManagerName is { } boss ? $", reporting to {boss}" : "";
            cli.Out.MarkupLineInterpolated($"[green]Added[/] [bold]{user.DisplayName}[/] <{user.Email}> as {user.Role}{reporting}.");
            cli.Output.WriteLine($"One-time password: {password}");
            cli.Out.MarkupLineInterpolated($"Hand it to {user.DisplayName} privately: it is shown only this once, and they choose their own password at their first sign-in.");
            return KeystoneCli.Success;
        });
        return new Command("users", "Administers the people who sign in to Keystone.") { add };
    }
}
