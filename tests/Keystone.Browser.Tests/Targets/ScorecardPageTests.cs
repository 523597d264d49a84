using System.Text;
using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Targets;

[Collection(SiteCollection.Name)]
public sealed class ScorecardPageTests(KeystoneSite site)
{
    // A quarter no other test invoices in.
    private const string Quarter = "2004-Q2";

    [Fact]
    public async Task A_head_of_kam_sets_a_target_and_the_kam_sees_their_attainment_on_their_scorecard()
    {
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        var kam = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Kai Kam");
        await ImportRevenueAsync(head, kam, "2004-05-10", 800m);

        await using (var context = await site.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await new LoginPage(page).SignInAsAsync(head);
            var scorecard = new ScorecardPage(page);
            await scorecard.GotoAsync(kam.Id, Quarter);
            await Expect(scorecard.Heading).ToContainTextAsync("Kai Kam");
            await Expect(scorecard.TargetOf("revenue")).ToHaveTextAsync("—");

            await scorecard.SetTargetAsync("1000");

            await Expect(scorecard.TargetOf("revenue")).ToHaveTextAsync("1,000.00 EUR");
            await Expect(scorecard.AttainmentOf("revenue")).ToHaveTextAsync("80.0 %");
        }

        await using (var context = await site.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await new LoginPage(page).SignInAsAsync(kam);
            var scorecard = new ScorecardPage(page);
            await scorecard.OpenFromMenuAsync();
            await scorecard.ShowAsync(Quarter);

            await Expect(scorecard.ActualOf("revenue")).ToHaveTextAsync("800.00 EUR");
            await Expect(scorecard.AttainmentOf("revenue")).ToHaveTextAsync("80.0 %");
            // No target for NRR, and NRR itself is undefined: "—", never 0 %.
            await Expect(scorecard.AttainmentOf("nrr")).ToHaveTextAsync("—");
            await Expect(scorecard.SetTargetForm).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("scorecard-no-payout")).ToContainTextAsync("No pay plan");

            var csv = await page.APIRequest.GetAsync($"/scorecards/{kam.Id}/export.csv?period={Quarter}");
            Assert.Equal(200, csv.Status);
            Assert.Contains("Kai Kam,2004-Q2,attainment,revenue,1000,800,0.8,", await csv.TextAsync(), StringComparison.Ordinal);

            await AxeAssertions.AssertNoSeriousViolationsAsync(page);
        }
    }

    private async Task ImportRevenueAsync(TestUser importer, TestUser owner, string date, decimal amount)
    {
        var source = $"s{Guid.NewGuid():N}"[..12];
        await site.RunAsAsync(importer, db => CreateAccount.HandleAsync(db, new AccountInput
        {
            OwnerId = owner.Id,
            Name = Unique.Name("Scorecard account"),
            ExternalIds = new List<ExternalIdInput> { new(source, $"{source}-c") },
        }));
        var file = Encoding.UTF8.GetBytes(
            $"Invoice,Line,Date,Customer,Product,Qty,Price,Currency\nI-{source},1,{date},{source}-c,{source}-p,1,{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)},EUR\n");
        var provider = site.Services.GetRequiredService<IDatabaseProvider>();
        var options = site.Services.GetRequiredService<IOptions<RevenueOptions>>().Value;
        var result = await site.RunAsAsync(importer, async db =>
        {
            using var stream = new MemoryStream(file, writable: false);
            return await ImportInvoices.HandleAsync(db, provider, options, new InvoiceImportRequest
            {
                Source = source,
                Columns = new InvoiceColumns
                {
                    Invoice = "Invoice",
                    Line = "Line",
                    Date = "Date",
                    Customer = "Customer",
                    Product = "Product",
                    Quantity = "Qty",
                    UnitPrice = "Price",
                    Currency = "Currency",
                },
            }, stream, "scorecard.csv");
        });
        Assert.Equal(ImportStatus.Completed, result.Status);
    }
}
