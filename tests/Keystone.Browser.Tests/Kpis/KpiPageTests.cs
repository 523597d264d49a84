using System.Globalization;
using System.Text;
using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Kpis;

[Collection(SiteCollection.Name)]
public sealed class KpiPageTests(KeystoneSite site)
{
    // Months no other test invoices in: the company scope holds every account of the shared site.
    private const string Previous = "2003-04";
    private const string Current = "2003-05";

    [Fact]
    public async Task A_head_of_kam_sees_the_company_retention_of_the_worked_case_and_downloads_it()
    {
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        var kam = await site.CreateUserAsync(KeystoneRole.SeniorKam, "Sam Senior", head);
        var invoices = new Invoices(site);
        invoices.RetentionTable(kam, Previous, Current);
        await invoices.ImportAsync(head);
        var expected = await site.RunAsAsync(head, async db =>
            KpiCsv.FormatRow((await KpiQuery.HandleAsync(db, KpiRequest.Parse("company", "month", Current, Current)))[0].Snapshot));
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(head);
        var kpis = new KpiPage(page);
        await kpis.GotoAsync();
        await Expect(kpis.Scope).ToHaveValueAsync("Company");

        await kpis.ShowMonthsAsync(Previous, Current);

        // KPIS.md: a, b and c of the five accounts active in April stay; f is new and outside the cohort.
        await Expect(kpis.Tile("retention")).ToHaveTextAsync("60.0 %");
        await Expect(kpis.Tile("logo-churn")).ToHaveTextAsync("40.0 %");
        await Expect(kpis.Tile("grr")).ToHaveTextAsync("48.0 %");
        await Expect(kpis.Tile("nrr")).ToHaveTextAsync("58.0 %");
        await Expect(kpis.Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);

        var csv = await kpis.DownloadCsvAsync();
        Assert.Equal(KpiCsv.Header, csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith($"{Current},4,3,1,0,0.6000,0.4000,0.4800,0.5800,", csv[2], StringComparison.Ordinal);
        Assert.Equal(expected, csv[2]);

        var xlsx = await page.APIRequest.GetAsync($"/kpis/export.xlsx?scope=company&period=month&from={Previous}&to={Current}");
        Assert.Equal(200, xlsx.Status);
        Assert.StartsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Headers["content-type"], StringComparison.Ordinal);

        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_junior_kam_is_not_offered_the_company_and_the_download_refuses_it()
    {
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        var junior = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Jo Junior");
        var invoices = new Invoices(site);
        invoices.Account(junior, "j").Line("j", "2003-05-20", 250);
        await invoices.ImportAsync(head);
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(junior);
        var kpis = new KpiPage(page);
        await kpis.GotoAsync();
        await kpis.ShowMonthsAsync(Previous, Current);
        await Expect(kpis.Tile("revenue")).ToHaveTextAsync("250.00 EUR");
        await Expect(kpis.Tile("retention")).ToHaveTextAsync("—");
        await Expect(page.GetByTestId("kam-scorecard")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("kpi-nrr-no-trend")).ToBeVisibleAsync();

        await kpis.Scope.ClickAsync();
        await Expect(kpis.Options.Filter(new() { HasText = "A KAM's accounts" })).ToHaveCountAsync(1);
        await Expect(kpis.Options.Filter(new() { HasText = "Company" })).ToHaveCountAsync(0);

        var company = await page.APIRequest.GetAsync($"/kpis/export.csv?scope=company&period=month&from={Previous}&to={Current}");
        Assert.Equal(403, company.Status);

        // The scorecard link opens the KAM's own scorecard for the last period shown.
        await kpis.Scope.PressAsync("Escape");
        await page.GetByTestId("kam-scorecard").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/scorecard\\?period={Current}$"));
        await Expect(page.GetByTestId("scorecard-title")).ToContainTextAsync("Scorecard");
    }

    [Fact]
    public async Task Someone_who_sees_no_invoice_lines_is_told_how_to_import_them()
    {
        var junior = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Jo Junior");
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(junior);
        var kpis = new KpiPage(page);
        await kpis.GotoAsync();

        await Expect(kpis.EmptyState).ToContainTextAsync("keystone import invoices");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    /// <summary>Accounts with an ERP customer id and invoice lines for them, loaded through the importer as an ERP file would be.</summary>
    internal sealed class Invoices(KeystoneSite site)
    {
        private readonly List<string> _rows = [];
        private readonly List<(TestUser Owner, string Customer)> _accounts = [];

        public string Source { get; } = $"t{Guid.NewGuid():N}"[..12];

        /// <summary>An account of <paramref name="owner"/> for the ERP customer <paramref name="customer"/>, created by <see cref="ImportAsync"/>.</summary>
        public Invoices Account(TestUser owner, string customer)
        {
            _accounts.Add((owner, customer));
            return this;
        }

        /// <summary>The KPIS.md a–f table: a..e active in <paramref name="previous"/>, f arriving in <paramref name="current"/>.</summary>
        public void RetentionTable(TestUser owner, string previous, string current)
        {
            foreach (var account in new[] { "a", "b", "c", "d", "e", "f" })
            {
                Account(owner, account);
            }
            foreach (var account in new[] { "a", "b", "c", "d", "e" })
            {
                Line(account, $"{previous}-10", 100);
            }
            Line("a", $"{current}-10", 100).Line("b", $"{current}-10", 150).Line("c", $"{current}-10", 40).Line("e", $"{current}-10", -20).Line("f", $"{current}-10", 80);
        }

        public Invoices Line(string customer, string date, decimal amount)
        {
            // A credit note is a negative quantity at a positive price.
            var (quantity, price) = amount < 0 ? (-1m, -amount) : (1m, amount);
            _rows.Add(string.Join(",", $"I{_rows.Count + 1}-{Source}", "1", date, $"{Source}-{customer}", customer, $"{Source}-P", "P",
                quantity.ToString(CultureInfo.InvariantCulture), price.ToString(CultureInfo.InvariantCulture), "EUR"));
            return this;
        }

        /// <summary>Creates the accounts as their owners, then imports the lines as <paramref name="importer"/> (a head of KAM).</summary>
        public async Task ImportAsync(TestUser importer)
        {
            foreach (var (owner, customer) in _accounts)
            {
                await site.RunAsAsync(owner, db => CreateAccount.HandleAsync(db, new AccountInput
                {
                    Name = Unique.Name($"Account {customer}"),
                    ExternalIds = new List<ExternalIdInput> { new(Source, $"{Source}-{customer}") },
                }));
            }
            var file = Encoding.UTF8.GetBytes(string.Join("\n", ["Invoice,Line,Date,Customer,Customer name,Product,Product name,Qty,Price,Currency", .. _rows]) + "\n");
            var provider = site.Services.GetRequiredService<IDatabaseProvider>();
            var options = site.Services.GetRequiredService<IOptions<RevenueOptions>>().Value;
            var result = await site.RunAsAsync(importer, async db =>
            {
                using var stream = new MemoryStream(file, writable: false);
                return await ImportInvoices.HandleAsync(db, provider, options, new InvoiceImportRequest
                {
                    Source = Source,
                    Columns = new InvoiceColumns
                    {
                        Invoice = "Invoice",
                        Line = "Line",
                        Date = "Date",
                        Customer = "Customer",
                        CustomerName = "Customer name",
                        Product = "Product",
                        ProductName = "Product name",
                        Quantity = "Qty",
                        UnitPrice = "Price",
                        Currency = "Currency",
                    },
                }, stream, "kpis.csv");
            });
            Assert.Equal(ImportStatus.Completed, result.Status);
            Assert.Equal(result.Read, result.Imported);
        }
    }
}
