using System.CommandLine;
using System.Globalization;
using System.Text;
using Keystone.Cli.Data;
using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Keystone.Cli.Revenue;

/// <summary><c>keystone import invoices</c> and <c>keystone import rates</c>: revenue from the ERP.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext cli)
    {
        var actAs = new Option<string?>("--as")
        {
            Description = "Runs as this user (an administrator or head of KAM) instead of the system.",
            HelpName = "email",
            Recursive = true,
        };
        return new Command("import", "Imports revenue from the ERP: invoice lines, exchange rates and the product catalogue.")
        {
            actAs,
            Invoices(cli, actAs),
            Rates(cli, actAs),
            Products(cli, actAs),
        };
    }

    private static Command Invoices(CliContext cli, Option<string?> actAs)
    {
        var file = new Argument<FileInfo>("file") { Description = "The invoice lines: CSV (any delimiter and usual encoding) or .xlsx." };
        var source = new Option<string>("--source") { Description = "The system the file comes from, such as erp; a line counts once per source.", Required = true, HelpName = "name" };
        var mapping = new Option<string?>("--mapping") { Description = "A mapping saved with --save-mapping for this source.", HelpName = "name" };
        var columns = new Option<string?>("--columns")
        {
            Description = "Which column holds what: invoice=COL,date=COL,customer=COL,product=COL,unit_price=COL and optionally " +
                          "product_name, quantity (else 1), line, customer_name, country, currency, unit_cost.",
            HelpName = "field=column,...",
        };
        var currency = new Option<string?>("--currency") { Description = "The currency of lines that name none; the reporting currency by default.", HelpName = "code" };
        var createAccounts = new Option<bool>("--create-accounts") { Description = "Creates an account for each customer id that no account carries, instead of listing it for review." };
        var owner = new Option<string?>("--owner") { Description = "The owner of created accounts; the --as user by default.", HelpName = "email" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Imports the valid rows of a file that has rejected rows (which imports nothing otherwise)." };
        var rejects = new Option<FileInfo?>("--rejects") { Description = "Where to write the rejected rows; FILE.rejects.csv in the current folder by default.", HelpName = "path" };
        var saveMapping = new Option<string?>("--save-mapping") { Description = "Saves --columns under this name for the source.", HelpName = "name" };
        var timeZone = new Option<string?>("--time-zone") { Description = "IANA zone of times without an offset; the reporting time zone by default.", HelpName = "zone" };
        var decimalSeparator = new Option<string?>("--decimal-separator") { Description = "The file's decimal separator, '.' or ','; decided from the file by default.", HelpName = ".|," }
            .AcceptOnlyFromAmong(".", ",");
        var dateOrder = new Option<string?>("--date-order") { Description = "dmy or mdy, for dates such as 03/04/2024; decided from the file by default.", HelpName = "dmy|mdy" }
            .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, ["dmy", "mdy"]);

        var command = new Command("invoices", "Imports invoice lines; importing the same or an overlapping file again adds nothing twice.")
        {
            file, source, mapping, columns, currency, createAccounts, owner, skipInvalid, rejects, saveMapping, timeZone, decimalSeparator, dateOrder,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(mapping) is null) == (result.GetValue(columns) is null))
            {
                result.AddError("Give either --mapping NAME or --columns field=column,...");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"There is no file {path.FullName}.");
            }
            using var host = cli.BuildHost(parse);
            CliDatabase.PrintTarget(host.Services, cli.Out);
            await using var scope = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            await ActAsync(scope.ServiceProvider, db, parse.GetValue(actAs), ct);
            var options = RevenueOptions.FromConfiguration(host.Services.GetRequiredService<IConfiguration>());
            var provider = scope.ServiceProvider.GetRequiredService<IDatabaseProvider>();
            var ownerId = parse.GetValue(owner) is { } ownerEmail ? await UserIdAsync(scope.ServiceProvider, ownerEmail, "owner", ct) : (Guid?)null;

            var rejectsPath = parse.GetValue(rejects)?.FullName
                ?? Path.Combine(Environment.CurrentDirectory, Path.GetFileNameWithoutExtension(path.Name) + ".rejects.csv");
            var pending = rejectsPath + ".partial";
            InvoiceImportResult result;
            await using (var rejectsFile = new StreamWriter(pending, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
            {
                var request = new InvoiceImportRequest
                {
                    Source = parse.GetValue(source)!,
                    Columns = parse.GetValue(columns) is { } text ? InvoiceColumns.Parse(text) : null,
                    MappingName = parse.GetValue(mapping),
                    SaveMappingAs = parse.GetValue(saveMapping),
                    DefaultCurrency = parse.GetValue(currency),
                    SourceTimeZone = parse.GetValue(timeZone),
                    DecimalSeparator = parse.GetValue(decimalSeparator) switch { "." => DecimalSeparator.Point, "," => DecimalSeparator.Comma, _ => DecimalSeparator.Unknown },
                    DateOrder = parse.GetValue(dateOrder)?.ToLowerInvariant() switch { "dmy" => DateOrder.DayFirst, "mdy" => DateOrder.MonthFirst, _ => DateOrder.Unknown },
                    SkipInvalid = parse.GetValue(skipInvalid),
                    CreateAccounts = parse.GetValue(createAccounts),
                    AccountOwnerId = ownerId,
                    Rejects = rejectsFile,
                };
                try
                {
                    await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                    result = await WithProgressAsync(cli, path.Name, progress =>
                        ImportInvoices.HandleAsync(db, provider, options, request, stream, path.Name, progress, ct));
                }
                catch
                {
                    await rejectsFile.DisposeAsync();
                    File.Delete(pending);
                    throw;
                }
            }
            if (result.Rejected > 0)
            {
                File.Move(pending, rejectsPath, overwrite: true);
            }
            else
            {
                File.Delete(pending);
            }

            PrintSummary(cli, path.Name, result, options, result.Rejected > 0 ? rejectsPath : null);
            if (result.Status == ImportStatus.Rejected)
            {
                throw new CliException(
                    $"{result.Rejected} row(s) were rejected, so nothing was imported; the reasons are in {rejectsPath}. Fix them and import again, or add --skip-invalid to import the other rows.");
            }
            return KeystoneCli.Success;
        });
        return command;
    }

    private static Command Rates(CliContext cli, Option<string?> actAs)
    {
        var file = new Argument<FileInfo>("file") { Description = "Daily rates as CSV with the columns date,currency,rate: one unit of the currency in the reporting currency." };
        var command = new Command("rates", "Loads exchange rates to the reporting currency; a rate for a date already loaded is replaced.") { file };
        SetFileAction(cli, command, file, actAs, async (host, db, path, stream, ct) =>
        {
            var options = RevenueOptions.FromConfiguration(host.Services.GetRequiredService<IConfiguration>());
            var result = await ImportExchangeRates.HandleAsync(db, options, stream, path.Name, ct);
            var span = result.From is { } from ? $" from {from:yyyy-MM-dd} to {result.To:yyyy-MM-dd}" : "";
            cli.Out.MarkupLineInterpolated(
                $"[green]Loaded[/] {result.Read} rate(s) to {options.ReportingCurrency} for {(result.Currencies.Count == 0 ? "no currency" : string.Join(", ", result.Currencies))}{span}: {result.Added} added, {result.Changed} changed, {result.Unchanged} unchanged.");
        });
        return command;
    }

    private static Command Products(CliContext cli, Option<string?> actAs)
    {
        var file = new Argument<FileInfo>("file")
        {
            Description = "The catalogue as CSV or .xlsx: a code column and any of name, category, unit, standard_cost, cost_currency, cost_from, price_list, list_price, price_from.",
        };
        var command = new Command("products", "Loads the product catalogue: adds unknown codes, updates known ones, sets standard costs and list prices.") { file };
        SetFileAction(cli, command, file, actAs, async (_, db, path, stream, ct) =>
        {
            var result = await ImportProducts.HandleAsync(db, stream, path.Name, ct);
            cli.Out.MarkupLineInterpolated(
                $"[green]Loaded[/] {result.Read} row(s): {result.Created} product(s) added, {result.Updated} changed, {result.Unchanged} unchanged; {result.CostsSet} standard cost(s) and {result.PricesSet} list price(s) set.");
        });
        return command;
    }

    /// <summary>The action of a command that loads one file: the file must exist; the work runs as the system, or as --as.</summary>
    private static void SetFileAction(
        CliContext cli, Command command, Argument<FileInfo> file, Option<string?> actAs,
        Func<Microsoft.Extensions.Hosting.IHost, KeystoneDbContext, FileInfo, Stream, CancellationToken, Task> load) =>
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"There is no file {path.FullName}.");
            }
            using var host = cli.BuildHost(parse);
            CliDatabase.PrintTarget(host.Services, cli.Out);
            await using var scope = await CliDatabase.OpenAsSystemAsync(host.Services, ct);
            var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
            await ActAsync(scope.ServiceProvider, db, parse.GetValue(actAs), ct);
            await using var stream = path.OpenRead();
            await load(host, db, path, stream, ct);
            return KeystoneCli.Success;
        });

    /// <summary>Runs the rest of the command as <paramref name="email"/>, with what that user may see and do.</summary>
    private static async Task ActAsync(IServiceProvider services, KeystoneDbContext db, string? email, CancellationToken ct)
    {
        if (email is null)
        {
            return;
        }
        var userId = await UserIdAsync(services, email, "as", ct);
        var actor = await ActorLoader.LoadAsync(db, userId, ct)
            ?? throw new ValidationException("as", $"{email} is deactivated; run as an active administrator or head of KAM.");
        services.GetRequiredService<CurrentActor>().Set(actor);
    }

    private static async Task<Guid> UserIdAsync(IServiceProvider services, string email, string option, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var user = await services.GetRequiredService<UserManager<KeystoneUser>>().FindByEmailAsync(email.Trim())
            ?? throw new ValidationException(option, $"There is no user {email.Trim()}; add them with 'keystone users add'.");
        return user.Id;
    }

    /// <summary>A progress bar with the rate and the time left on a terminal; a plain line every few seconds when the output is redirected.</summary>
    private static async Task<T> WithProgressAsync<T>(CliContext cli, string name, Func<IProgress<ImportProgress>, Task<T>> work)
    {
        if (!cli.Out.Profile.Capabilities.Ansi)
        {
            var last = TimeSpan.Zero;
            return await work(new SyncProgress<ImportProgress>(p =>
            {
                if (p.Writing || p.Elapsed - last >= TimeSpan.FromSeconds(5))
                {
                    last = p.Elapsed;
                    var left = p.Remaining is { } r ? $", about {r:hh\\:mm\\:ss} left" : "";
                    var what = p.Writing ? "Writing" : "Reading";
                    cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what} {name}: {p.LinesRead:N0} lines ({p.Fraction:P0}), {p.LinesPerSecond:N0} lines/s{left}"));
                }
            }));
        }
        return await cli.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(name), maxValue: 1);
                var result = await work(new SyncProgress<ImportProgress>(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{(p.Writing ? "Writing" : "Reading")} {name}: {p.LinesRead:N0} lines, {p.LinesPerSecond:N0}/s"));
                }));
                task.Value = 1;
                task.StopTask();
                return result;
            });
    }

    private static void PrintSummary(CliContext cli, string name, InvoiceImportResult result, RevenueOptions options, string? rejectsPath)
    {
        var verb = result.Status == ImportStatus.Completed ? "[green]Imported[/]" : "[red]Rejected[/]";
        cli.Out.MarkupLine($"{verb} {Markup.Escape(name)} ({Markup.Escape(result.Format)}), amounts in {Markup.Escape(options.ReportingCurrency)}:");
        void Line(string label, long value) => cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-20} {value,12:N0}"));
        Line("read", result.Read);
        Line("imported", result.Imported);
        Line("duplicates", result.Duplicates);
        Line("rejected", result.Rejected);
        Line("unmatched customers", result.UnmatchedCustomers);
        Line("new products", result.ProductsCreated);
        Line("new accounts", result.AccountsCreated);
        if (result.PreviouslyImportedAt is { } before)
        {
            cli.Out.WriteLine($"This file was imported before, on {before.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; its lines counted once.");
        }
        foreach (var problem in result.FirstProblems.Take(10))
        {
            var column = problem.Column.Length > 0 ? $", column '{problem.Column}'" : "";
            cli.Out.WriteLine($"  row {problem.Row}{column}: {problem.Reason}");
        }
        if (rejectsPath is not null)
        {
            cli.Out.WriteLine($"Rejected rows, with the reason for each: {rejectsPath}");
        }
        if (result.UnmatchedCustomers > 0 && result.Status == ImportStatus.Completed)
        {
            cli.Out.WriteLine($"{result.UnmatchedCustomers} customer id(s) match no account: their lines are unattributed revenue until they are linked (or import with --create-accounts).");
        }
    }
}
