using System.Globalization;
using System.Text;

namespace Keystone.Bench.Hot;

/// <summary>Invoice lines in the shape of <c>keystone-bench csv</c> (bench/README.md), written to memory.</summary>
public static class ImportCsv
{
    public const string Columns =
        "invoice=Invoice,line=Line,date=Date,customer=Customer,customer_name=Customer name,product=Product,product_name=Product name,quantity=Qty,unit_price=Price,currency=Currency,unit_cost=Cost";

    public static byte[] Make(int lines)
    {
        var text = new StringBuilder("Invoice,Line,Date,Customer,Customer name,Product,Product name,Qty,Price,Currency,Cost\n");
        string[] currencies = ["EUR", "USD", "GBP"];
        var random = new Random(1);
        var start = new DateOnly(2023, 11, 1);
        for (int written = 0, invoice = 0; written < lines; invoice++)
        {
            var count = random.Next(1, 9);
            var customer = random.Next(5_000);
            var date = start.AddDays(random.Next(365 * 3));
            var currency = currencies[random.Next(3)];
            for (var line = 1; line <= count && written < lines; line++, written++)
            {
                var product = random.Next(2_000);
                var quantity = random.Next(1, 21) * (random.Next(20) == 0 ? -1 : 1);
                var price = random.Next(100_000) / 100m + 5m;
                text.Append(CultureInfo.InvariantCulture,
                    $"B{invoice:D8},{line},{date:yyyy-MM-dd},C{customer:D7},Customer {customer},P{product:D5},Product {product},{quantity},{price:0.00},{currency},{price * 0.6m:0.00}\n");
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
