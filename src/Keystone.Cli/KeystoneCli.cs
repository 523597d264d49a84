using System.CommandLine;
using Keystone.Cli.Data;
using Keystone.Cli.Demo;
using Keystone.Cli.Hosting;
using Keystone.Cli.Kpis;
using Keystone.Cli.Revenue;
using Keystone.Cli.Tokens;
using Keystone.Cli.Users;
using Spectre.Console;

namespace Keystone.Cli;

/// <summary>The <c>keystone</c> command: runs the web app, administers its database, users and tokens, and imports revenue.</summary>
public static class KeystoneCli
{
    public const int Success = 0;

    /// <summary>The command ran and refused: invalid input, an unknown user, an unreachable database.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: an unknown command, a missing option.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Runs one command line in-process, writing to <paramref name="output"/> and <paramref name="error"/>,
    /// and returns the exit code. Expected errors are written as one line each, never as a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var cli = new CliContext(output, error);
        var root = new RootCommand("Keystone key account management: serves the web app and administers its database, users and API tokens.")
        {
            HelpName = "keystone",
        };
        root.Add(cli.Provider);
        root.Add(cli.Connection);
        root.Add(ServeCommand.Create(cli));
        root.Add(DbCommand.Create(cli));
        root.Add(SeedCommand.Create(cli));
        root.Add(UsersCommand.Create(cli));
        root.Add(TokensCommand.Create(cli));
        root.Add(ImportCommand.Create(cli));
        root.Add(KpiCommand.Create(cli));
        root.Add(RevenueCommand.Create(cli));

        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // The web host stops gracefully on Ctrl+C by itself; the other commands are short.
            ProcessTerminationTimeout = null,
        };
        try
        {
            var code = await parse.InvokeAsync(invocation, ct);
            return parse.Errors.Count > 0 ? UsageError : code;
        }
        catch (Exception e) when (CliErrors.Describe(e) is { } lines)
        {
            foreach (var line in lines)
            {
                cli.Err.MarkupLineInterpolated($"[red]keystone:[/] {line}");
            }
            return Failure;
        }
        catch (Exception e)
        {
            // A bug: its stack trace is what a report about it needs.
            cli.Err.WriteLine($"keystone: unexpected error: {e}");
            return Failure;
        }
    }
}
