using System.Globalization;
using System.Text;

namespace Keystone.Bench;

/// <summary>
/// A deterministic ERP export of invoice lines for the import benchmark: invoices of one to eight
/// lines, customers of the scale data (90 % carry an account's id, the rest are unknown), 2,000
/// product codes, dates over three years, 5 % negative quantities, three currencies.
/// Header: Invoice,Line,Date,Customer,Customer name,Product,Product name,Qty,Price,Currency,Cost.
/// </summary>
internal static class InvoiceCsv
{
    public const string Columns =
        "invoice=Invoice,line=Line,date=Date,customer=Customer,customer_name=Customer name,product=Product,product_name=Product name,quantity=Qty,unit_price=Price,currency=Currency,unit_cost=Cost";

    private static readonly string[] Currencies = ["EUR", "USD", "GBP"];

    public static int Run(Args args)
    {
        var lines = args.Int("lines", 1_000_000);
        var accounts = args.Int("accounts", 5_000);
        var seed = args.Int("seed", 1);
        var path = args["out"];
        var customers = Math.Min(5_000, accounts);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("Invoice,Line,Date,Customer,Customer name,Product,Product name,Qty,Price,Currency,Cost\n");
        var start = new DateOnly(2023, 11, 1);
        var written = 0;
        for (var invoice = 0; written < lines; invoice++)
        {
            var h = Mix(seed, 1, invoice);
            var count = (int)(h % 8) + 1;
            var customer = (int)((h >> 8) % (ulong)customers);
            var known = (h >> 24) % 10 != 0;
            var id = known ? $"C{customer * Math.Max(1, accounts / customers):D7}" : $"X{customer:D6}";
            var date = start.AddDays((int)((h >> 32) % (365 * 3)));
            var currency = Currencies[(int)((h >> 40) % 3)];
            for (var line = 1; line <= count && written < lines; line++, written++)
            {
                var l = Mix(seed, 2, written);
                var product = (int)(l % 2_000);
                var quantity = ((int)((l >> 12) % 20) + 1) * ((l >> 40) % 20 == 0 ? -1 : 1);
                var price = ((l >> 20) % 100_000) / 100m + 5m;
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"B{invoice:D8},{line},{date:yyyy-MM-dd},{id},Customer {customer},P{product:D5},Product {product},{quantity},{price:0.00},{currency},{price * 0.6m:0.00}\n"));
            }
        }
        Args.Print("CSV_LINES", written);
        Args.Print("CSV_BYTES", new FileInfo(path).Length);
        Args.Print("CSV_COLUMNS", Columns);
        return 0;
    }

    private static ulong Mix(int seed, int kind, long n)
    {
        var z = unchecked((ulong)n * 0x9E3779B97F4A7C15UL + ((ulong)(uint)seed << 32) + (ulong)(uint)kind * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
