using System.Globalization;
using Keystone.Core.Revenue;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Revenue;

/// <summary>Files no one on the team wrote (../shared/datasets, MANIFEST.md): every row is imported or rejected with a reason.</summary>
public sealed class RealFileImportTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    [Theory, AllDatabases]
    public async Task The_maven_sales_pipeline_imports_its_closed_deals_and_rejects_the_open_ones_with_reasons(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var path = Datasets("maven_crm_sales_opportunities", "sales_pipeline.csv");
        // The file has no quoted fields, so a plain split is an independent reading of it.
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToList();
        var closed = rows.Where(r => r[6].Length > 0 && r[7].Length > 0).ToList();
        var columns = InvoiceColumns.Parse("invoice=opportunity_id,date=close_date,customer=account,product=product,unit_price=close_value");
        var rejects = new StringWriter();
        var request = new InvoiceImportRequest { Source = t, Columns = columns, SkipInvalid = true, Rejects = rejects };

        var result = await ImportAsync(host, await File.ReadAllBytesAsync(path), request, "sales_pipeline.csv");
        var again = await ImportAsync(host, await File.ReadAllBytesAsync(path), request with { Rejects = null }, "sales_pipeline.csv");

        Assert.Equal(8800, rows.Count);
        Assert.Equal((8800L, closed.Count, rows.Count - closed.Count), (result.Read, result.Imported, result.Rejected));
        Assert.Equal((0L, (long)closed.Count), (again.Imported, again.Duplicates));
        // Open deals have no close date and no value: each rejection says which.
        var report = rejects.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(rows.Count - closed.Count, report.Select(r => r[0]).Distinct().Count());
        Assert.All(report, r => Assert.Contains(r[2], new[] { "Date is empty.", "Unit price is empty." }));
        var (total, count, products) = await host.AsSystemAsync(async (db, _) => (
            await db.InvoiceLines.Where(l => l.Source == t).SumAsync(l => l.AmountE4),
            await db.InvoiceLines.CountAsync(l => l.Source == t),
            await db.Products.Where(p => p.CreatedByImport && (p.Code == "GTXPro" || p.Code == "GTX Plus Pro")).Select(p => p.Code).ToListAsync()));
        Assert.Equal(closed.Sum(r => decimal.Parse(r[7], CultureInfo.InvariantCulture)), ScaledMoney.FromE4(total));
        Assert.Equal(closed.Count, count);
        // "GTXPro" is a typo of "GTX Pro" in products.csv: it is created and flagged for review.
        Assert.Contains("GTXPro", products);
        Assert.Equal(closed.Select(r => r[3]).Distinct().Count(), result.UnmatchedCustomers);
    }

    public static TheoryData<DatabaseKind, string, string, int> SalesforceDateFiles()
    {
        var data = new TheoryData<DatabaseKind, string, string, int>();
        foreach (var kind in Enum.GetValues<DatabaseKind>())
        {
            data.Add(kind, "dateEndingInZ.csv", "DATE", 0);
            data.Add(kind, "dateOnlyWithTimeZone.csv", "DATE_ONLY", 0);
            data.Add(kind, "dateUsingDefaultTimeZone.csv", "DATE", 0);
            // "2010-10-14T12:00:00.000Z-0300" has two zones: refused, not guessed.
            data.Add(kind, "dateWithTimeZone.csv", "DATE", 2);
        }
        return data;
    }

    [Theory, MemberData(nameof(SalesforceDateFiles))]
    public async Task Salesforce_data_loader_files_import_their_dates_or_reject_them_with_a_reason(DatabaseKind kind, string file, string dateColumn, int rejected)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var columns = InvoiceColumns.Parse($"invoice=NAME,date={dateColumn},customer=ACCOUNTNUMBER__C,customer_name=NAME,product=TYPE,unit_price=ANNUALREVENUE");
        var bytes = await File.ReadAllBytesAsync(Datasets("salesforce_dataloader", "testfiles", file));

        var result = await ImportAsync(host, bytes, new InvoiceImportRequest { Source = t, Columns = columns, SkipInvalid = true }, file);

        Assert.Equal(rejected, result.Rejected);
        Assert.Equal(result.Read - rejected, result.Imported);
        Assert.All(result.FirstProblems, p => Assert.Equal((dateColumn, true), (p.Column, p.Reason.Contains("is not a date Keystone reads", StringComparison.Ordinal))));
        var dates = await host.AsSystemAsync((db, _) => db.InvoiceLines.Where(l => l.Source == t).Select(l => l.InvoiceDate).ToListAsync());
        Assert.All(dates, d => Assert.Equal(new DateOnly(2010, 10, 14), d));
    }
}
