using System.Text;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Revenue;

/// <summary>Invoice files made by a test, and an import of them run the way the CLI runs it.</summary>
internal static class RevenueTestFiles
{
    public static readonly RevenueOptions Options = new() { ReportingCurrency = "EUR", ReportingTimeZone = "Europe/Berlin" };

    /// <summary>A tag unique to one test, for its source, customer ids and product codes.</summary>
    public static string Tag() => $"t{Guid.NewGuid():N}"[..12];

    public static byte[] Utf8(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    public static InvoiceColumns Columns(bool line = true, bool currency = true, bool cost = true) => new()
    {
        Invoice = "Invoice",
        Line = line ? "Line" : null,
        Date = "Date",
        Customer = "Customer",
        CustomerName = "Customer name",
        Product = "Product",
        ProductName = "Product name",
        Quantity = "Qty",
        UnitPrice = "Price",
        Currency = currency ? "Currency" : null,
        UnitCost = cost ? "Cost" : null,
    };

    public const string Header = "Invoice,Line,Date,Customer,Customer name,Product,Product name,Qty,Price,Currency,Cost";

    /// <summary>Imports <paramref name="file"/> as the system actor, or as <paramref name="actor"/>, on a scope of its own.</summary>
    public static Task<InvoiceImportResult> ImportAsync(
        KeystoneHost host, byte[] file, InvoiceImportRequest request, string fileName = "invoices.csv",
        Actor? actor = null, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        host.AsSystemAsync(async (db, services) =>
        {
            if (actor is not null)
            {
                services.GetRequiredService<CurrentActor>().Set(actor);
            }
            using var stream = new MemoryStream(file, writable: false);
            return await ImportInvoices.HandleAsync(db, services.GetRequiredService<IDatabaseProvider>(), Options, request, stream, fileName, progress, ct);
        });

    public static Task<ExchangeRateImportResult> LoadRatesAsync(KeystoneHost host, params string[] rows) =>
        host.AsSystemAsync(async (db, _) =>
        {
            using var stream = new MemoryStream(Utf8(["date,currency,rate", .. rows]));
            return await ImportExchangeRates.HandleAsync(db, Options, stream, "rates.csv");
        });

    /// <summary>
    /// A file or folder of the shared datasets beside the checkout (<see cref="SharedDatasets"/>). The
    /// tests that read it fail, never skip, when it is missing.
    /// </summary>
    public static string Datasets(params string[] path)
    {
        var full = SharedDatasets.PathOf(Path.Combine(path));
        Assert.True(Path.Exists(full), $"The dataset {full} is missing: these tests read the shared datasets beside the checkout (../shared/datasets, see MANIFEST.md there).");
        return full;
    }
}
