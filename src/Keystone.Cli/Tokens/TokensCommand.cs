using System.CommandLine;
using System.Globalization;
using Keystone.Cli.Data;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Tokens;
using Keystone.Core.Users;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Tokens;

internal static class TokensCommand
{
    public static Command Create(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "The email of the user the token acts for; it may do what they may do." };
        var name = new Option<string>("--name") { Description = "What the token is for, such as \"Nightly ERP sync\".", Required = true, HelpName = "name" };
        var expires = new Option<int>("--expires")
        {
            Description = $"Days until the token expires, 1 to {ManageTokens.MaxDays}.",
            HelpName = "days",
            DefaultValueFactory = _ => ManageTokens.DefaultDays,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days))
                {
                    return days;
                }
                result.AddError($"--expires takes a number of days, such as 30; '{text}' is not one.");
                return 0;
            },
        };

        var create = new Command("create", "Creates a personal API token for a user and prints its secret, which is shown only this once.") { email, name, expires };
        create.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse);
            CliDatabase.PrintTarget(host.Services, cli.Out);
            await using var scope = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KeystoneUser>>();
            var address = parse.GetValue(email)!.Trim();
            var user = await users.FindByEmailAsync(address)
                ?? throw new ValidationException("email", $"There is no user {address}; add them first with 'keystone users add {address} --role ROLE'.");
            if (!user.IsActive)
            {
                throw new ValidationException("email", $"{user.DisplayName} <{user.Email}> is deactivated; an administrator must reactivate them before they get a token.");
            }
            var (token, secret) = await ManageTokens.CreateAsync(db, user.Id, parse.GetValue(name), parse.GetValue(expires), ct);

            var until = token.ExpiresAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            cli.Out.MarkupLineInterpolated($"[green]Created[/] the API token [bold]\"{token.Name}\"[/] for {user.DisplayName} <{user.Email}>; it expires on {until} (UTC).");
            cli.Output.WriteLine($"Token: {secret}");
            cli.Out.MarkupLineInterpolated($"It is shown only this once. Send it as a bearer token with every API call, for example:");
            cli.Out.MarkupLineInterpolated($"  curl -H \"Authorization: Bearer $KEYSTONE_TOKEN\" https://keystone.example.com{ApiSetup.Prefix}/accounts");
            return KeystoneCli.Success;
        });
        return new Command("tokens", "Administers personal API tokens.") { create };
    }
}
