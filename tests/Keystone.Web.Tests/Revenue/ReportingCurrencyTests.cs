using Keystone.Cli;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Keystone.Web.Data;
using Keystone.Web.Hosting;
using Keystone.Web.Tests.Infrastructure;
using Keystone.Web.Tests.Kpis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Revenue;

/// <summary>
/// The stored revenue is in one reporting currency, the one configured: a change of
/// <c>Revenue:ReportingCurrency</c> is refused by the web server, imports and KPI commands until the
/// lines are converted, and the conversion is exact, complete or not done at all. Each test on a
/// database of its own, as a conversion touches every line.
/// </summary>
public sealed class ReportingCurrencyTests
{
    private static readonly RevenueOptions Usd = new() { ReportingCurrency = "USD", ReportingTimeZone = "Europe/Berlin" };

    [Theory, AllDatabases]
    public async Task Converting_recomputes_every_line_from_its_own_currency_or_nothing_when_a_rate_is_missing(DatabaseKind kind)
    {
        await using var host = await KeystoneHost.StartAsync(kind);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var data = new KpiTestData(host);
        await data.AccountAsync(kam, "a");
        await LoadRatesAsync(host, "2024-01-01,USD,0.9");
        // 2 × 10 USD at a unit cost of 4 USD, and 5 EUR: 18 + 5 = 23 EUR, cost 7.2 EUR.
        await data.Line("a", "2024-03-05", 20, quantity: 2, cost: 4, currency: "USD").Line("a", "2024-03-06", 5).ImportAsync();
        Assert.Equal([(18m, 7.2m, 0.9m), (5m, null, 1m)], await AmountsAsync(host));

        // Revenue:ReportingCurrency now says USD: imports refuse, naming both currencies and what to do.
        var mismatch = await host.AsSystemAsync((db, _) => ConvertReportingCurrency.MismatchAsync(db, "USD"));
        Assert.Equal(
            "The stored revenue is in EUR, but Revenue:ReportingCurrency is USD. Either set Revenue:ReportingCurrency back to EUR, or load rates to USD " +
            "('keystone import rates FILE') and convert the stored revenue with 'keystone revenue convert'.",
            mismatch);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => host.AsSystemAsync(async (db, services) =>
        {
            using var file = new MemoryStream(Utf8([Header, $"X-1,1,2024-03-07,{data.Customer("a")},,{data.Tag}-P,P,1,1,EUR,"]));
            return await ImportInvoices.HandleAsync(db, services.GetRequiredService<IDatabaseProvider>(), Usd,
                new InvoiceImportRequest { Source = data.Tag, Columns = Columns() }, file, "more.csv");
        }));
        Assert.Equal(mismatch, refused.Errors["reportingCurrency"].Single());

        // No EUR → USD rate yet: refused, every line as it was, the revision unchanged.
        var revision = await host.RevenueRevisionAsync();
        var missing = await Assert.ThrowsAsync<ValidationException>(() => host.AsSystemAsync((db, _) => ConvertReportingCurrency.HandleAsync(db, Usd)));
        Assert.Equal(
            "There is no EUR rate to USD on or before 2024-03-06 (the first invoice date in EUR). Load rates to USD with 'keystone import rates FILE', then convert again. Nothing was converted.",
            missing.Errors["rates"].Single());
        Assert.Equal([(18m, 7.2m, 0.9m), (5m, null, 1m)], await AmountsAsync(host));
        Assert.Equal(revision, await host.RevenueRevisionAsync());

        // With the rate: the USD line is its own price again, the EUR line at 1.25; the KPIs computed again.
        await host.AsSystemAsync(async (db, _) =>
        {
            using var rates = new MemoryStream(Utf8(["date,currency,rate", "2024-02-01,EUR,1.25"]));
            return await ImportExchangeRates.HandleAsync(db, Usd, rates, "usd.csv");
        });
        var converted = await host.AsSystemAsync((db, _) => ConvertReportingCurrency.HandleAsync(db, Usd));
        Assert.Equal(("USD", "EUR", 2L, 1), (converted.To, converted.From.Single(), converted.Lines, converted.Imports));
        Assert.Equal([(20m, 8m, 1m), (6.25m, null, 1.25m)], await AmountsAsync(host));
        Assert.True(await host.RevenueRevisionAsync() > revision);
        Assert.Equal(26.25m, (await host.KpisAsync("company", "2024-03", "2024-03")).Single().Snapshot.NetRevenue);
        Assert.Null(await host.AsSystemAsync((db, _) => ConvertReportingCurrency.MismatchAsync(db, "USD")));
        Assert.Equal(0, (await host.AsSystemAsync((db, _) => ConvertReportingCurrency.HandleAsync(db, Usd))).Lines);

        // And back: from each line's own price and currency, not from the USD amounts, so nothing drifts.
        var back = await host.AsSystemAsync((db, _) => ConvertReportingCurrency.HandleAsync(db, Options));
        Assert.Equal(("EUR", "USD", 2L), (back.To, back.From.Single(), back.Lines));
        Assert.Equal([(18m, 7.2m, 0.9m), (5m, null, 1m)], await AmountsAsync(host));
        Assert.Equal(23m, (await host.KpisAsync("company", "2024-03", "2024-03")).Single().Snapshot.NetRevenue);
    }

    [Theory, AllDatabases]
    public async Task Only_an_administrator_converts_the_stored_revenue(DatabaseKind kind)
    {
        await using var host = await KeystoneHost.StartAsync(kind);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var actor = await host.ActorAsync(head);

        await Assert.ThrowsAsync<ForbiddenException>(() => host.AsSystemAsync((db, services) =>
        {
            services.GetRequiredService<Core.Access.CurrentActor>().Set(actor);
            return ConvertReportingCurrency.HandleAsync(db, Usd);
        }));
    }

    [Theory, AllDatabases]
    public async Task The_web_server_and_the_kpi_command_refuse_until_the_cli_converts(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        var folder = Directory.CreateTempSubdirectory("keystone-currency-").FullName;
        try
        {
            Assert.Equal(0, (await CliAsync(database, "db", "migrate")).ExitCode);
            var rates = Path.Combine(folder, "rates.csv");
            await File.WriteAllLinesAsync(rates, ["date,currency,rate", "2024-01-01,USD,0.9"]);
            var invoices = Path.Combine(folder, "march.csv");
            await File.WriteAllLinesAsync(invoices, [Header, "A-1,1,2024-03-05,C-1,Acme,P-1,Widget,2,10,USD,", "A-1,2,2024-03-05,C-1,Acme,P-2,Gadget,1,5,EUR,"]);
            Assert.Equal(0, (await CliAsync(database, "import", "rates", rates)).ExitCode);
            Assert.Equal(0, (await CliAsync(database, "import", "invoices", invoices, "--source", "erp", "--columns", Columns().ToString())).ExitCode);

            // Configured USD over lines stored in EUR: the web server migrates, then does not serve.
            await using (var app = KeystoneWebApp.Build(
                [$"--Database:Provider={database.ProviderName}", $"--ConnectionStrings:Keystone={database.ConnectionString}", "--Revenue:ReportingCurrency=USD", "--Serilog:MinimumLevel:Default=Fatal"],
                builder => builder.WebHost.UseTestServer()))
            {
                Assert.Equal(1, await app.RunKeystoneAsync([]));
                Assert.Equal(
                    "The stored revenue is in EUR, but Revenue:ReportingCurrency is USD. Either set Revenue:ReportingCurrency back to EUR, or load rates to USD " +
                    "('keystone import rates FILE') and convert the stored revenue with 'keystone revenue convert'.",
                    await Web.Revenue.ReportingCurrencyCheck.MismatchAsync(app.Services));

                // The other way round for the command line (configured EUR there): the lines as if stored in USD.
                await using var scope = app.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<Core.Access.CurrentActor>().Set(Core.Access.Actor.System);
                await scope.ServiceProvider.GetRequiredService<KeystoneDbContext>().InvoiceImports.ExecuteUpdateAsync(s => s.SetProperty(i => i.ReportingCurrency, "USD"));
            }

            var kpi = await CliAsync(database, "kpi", "--scope", "company", "--from", "2024-03", "--to", "2024-03", "--format", "csv");
            Assert.Equal(1, kpi.ExitCode);
            Assert.Contains("The stored revenue is in USD, but Revenue:ReportingCurrency is EUR.", kpi.Error, StringComparison.Ordinal);

            var convert = await CliAsync(database, "revenue", "convert");
            Assert.Equal(0, convert.ExitCode);
            Assert.Contains("Converted 2 invoice line(s) of 1 import(s) from USD to EUR", convert.Output, StringComparison.Ordinal);
            var again = await CliAsync(database, "revenue", "convert");
            Assert.Contains("The stored revenue is already in EUR; nothing to convert.", again.Output, StringComparison.Ordinal);

            // The customer is not an account: the 18 + 5 EUR are the company's unattributed revenue.
            kpi = await CliAsync(database, "kpi", "--scope", "company", "--from", "2024-03", "--to", "2024-03");
            Assert.Equal(0, kpi.ExitCode);
            var march = kpi.Output.Split('\n').Single(l => l.StartsWith("│ 2024-03 ", StringComparison.Ordinal)).TrimEnd();
            Assert.Equal("23.00", march.Split('│', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>(amount, cost amount, exchange rate) of every line, by invoice date.</summary>
    private static Task<List<(decimal, decimal?, decimal)>> AmountsAsync(KeystoneHost host) =>
        host.AsSystemAsync(async (db, _) => (await db.InvoiceLines.AsNoTracking().OrderBy(l => l.InvoiceDate)
                .Select(l => new { l.Amount, l.AmountE4, l.CostAmount, l.CostAmountE4, l.ExchangeRate }).ToListAsync())
            .Select(l =>
            {
                Assert.Equal(ScaledMoney.ToE4(l.Amount), l.AmountE4);
                Assert.Equal(l.CostAmount is { } c ? ScaledMoney.ToE4(c) : null, l.CostAmountE4);
                return (l.Amount, l.CostAmount, l.ExchangeRate);
            })
            .ToList());

    private static async Task<(int ExitCode, string Output, string Error)> CliAsync(TestDatabase database, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KeystoneCli.RunAsync([.. args, "--provider", database.ProviderName, "--connection", database.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
