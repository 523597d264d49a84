using System.CommandLine;
using Keystone.Web.Demo;
using Keystone.Web.Hosting;

namespace Keystone.Cli.Hosting;

internal static class ServeCommand
{
    public static Command Create(CliContext cli)
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Where to listen, such as http://localhost:5080; several are separated by semicolons.",
            HelpName = "urls",
        };
        var demo = new Option<bool>(DemoStartup.Flag) { Description = "Adds the demo portfolio (once) and prints new passwords of its users." };
        var serve = new Command("serve",
            "Runs the web app as 'dotnet run --project src/Keystone.Web' does: migrates the database, then serves until stopped. "
            + "Other settings follow as --Key=value.")
        {
            urls, demo,
        };
        // Unknown --Key=value tokens are ASP.NET Core settings for the web host, as on its own command line.
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parse, ct) =>
        {
            var args = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(urls) is { } addresses)
            {
                args.Add($"--urls={addresses}");
            }
            args.AddRange(cli.DatabaseSettings(parse).Select(setting => $"--{setting.Key}={setting.Value}"));
            if (parse.GetValue(demo))
            {
                args.Add(DemoStartup.Flag);
            }
            string[] webArgs = [.. args];
            var app = KeystoneWebApp.Build(webArgs, builder => CliContext.CheckDatabaseSettings(builder.Configuration));
            // Ctrl+C reaches the web host directly; the token stops a host started in-process.
            await using var stop = ct.Register(app.Lifetime.StopApplication);
            return await app.RunKeystoneAsync(webArgs) == 0 ? KeystoneCli.Success : KeystoneCli.Failure;
        });
        return serve;
    }
}
