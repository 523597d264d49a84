using Keystone.Cli;
using Keystone.Web.Tests.Infrastructure;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Revenue;

/// <summary><c>keystone import</c> run in-process, each test on a database and in a folder of its own.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("keystone-import-").FullName;

    [Theory, AllDatabases]
    public async Task Import_invoices_prints_a_summary_saves_the_mapping_and_counts_a_line_once(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");
        var rates = Write("rates.csv", "date,currency,rate", "2024-01-01,USD,0.9");
        var invoices = Write("march.csv", Header, "A-1,1,2024-03-05,C-1,Acme,P-1,Widget,2,10,USD,", "A-1,2,2024-03-05,,,P-2,Gadget,1,5,EUR,");

        var loaded = await RunAsync(database, "import", "rates", rates);
        var first = await RunAsync(database, "import", "invoices", invoices, "--source", "erp", "--columns", Columns().ToString(), "--save-mapping", "monthly");
        var again = await RunAsync(database, "import", "invoices", invoices, "--source", "erp", "--mapping", "monthly");

        Assert.Equal(0, loaded.ExitCode);
        Assert.Contains("Loaded 1 rate(s) to EUR for USD from 2024-01-01 to 2024-01-01: 1 added", loaded.Output, StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        Assert.Empty(first.Error);
        Assert.Contains("Imported march.csv (CSV, UTF-8, delimiter ',')", first.Output, StringComparison.Ordinal);
        Assert.Equal(("2", "2", "0", "0", "1", "2"), Summary(first.Output));
        Assert.Contains("Writing march.csv: 2 lines", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(("2", "0", "2", "0", "1", "0"), Summary(again.Output));
        Assert.Contains("This file was imported before", again.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "march.rejects.csv")));
    }

    [Theory, AllDatabases]
    public async Task Import_invoices_with_rejected_rows_imports_nothing_exits_1_and_names_the_rejects_file(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");
        var invoices = Write("bad.csv", Header, "A-1,1,2024-03-05,C-1,Acme,P-1,Widget,2,10,EUR,", "A-1,2,yesterday,C-1,Acme,P-1,Widget,1,5,EUR,");
        var rejects = Path.Combine(_folder, "out", "rejects.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(rejects)!);

        var run = await RunAsync(database, "import", "invoices", invoices, "--source", "erp", "--columns", Columns().ToString(), "--rejects", rejects);
        var skipped = await RunAsync(database, "import", "invoices", invoices, "--source", "erp", "--columns", Columns().ToString(), "--rejects", rejects, "--skip-invalid");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(("2", "0", "0", "1", "1", "0"), Summary(run.Output));
        Assert.Contains("row 3, column 'Date': 'yesterday' is not a date Keystone reads", run.Output, StringComparison.Ordinal);
        Assert.Equal($"keystone: 1 row(s) were rejected, so nothing was imported; the reasons are in {rejects}. Fix them and import again, or add --skip-invalid to import the other rows.",
            run.Error.Trim());
        Assert.Equal(0, skipped.ExitCode);
        Assert.Equal(("2", "1", "0", "1", "1", "1"), Summary(skipped.Output));
        var report = File.ReadAllLines(rejects);
        Assert.Equal(2, report.Length);
        Assert.StartsWith("3,Date,'yesterday' is not a date Keystone reads", report[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_invoices_needs_columns_or_a_mapping()
    {
        var file = Write("x.csv", Header);

        var run = await RunAsync(["import", "invoices", file, "--source", "erp"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Give either --mapping NAME or --columns", run.Error, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Import_products_loads_the_catalogue_and_refuses_a_bad_file_whole(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");
        var good = Write("catalogue.csv", "code,name,category,standard_cost,cost_currency,cost_from", "W-1,Widget,Hardware,6.5,EUR,2026-01-01", "S-1,Support,Services,,,");
        var bad = Write("bad.csv", "code,name,category", "W-1,Widget,Hardware", "X-9,,Hardware");

        var loaded = await RunAsync(database, "import", "products", good);
        var refused = await RunAsync(database, "import", "products", bad);

        Assert.Equal(0, loaded.ExitCode);
        Assert.Contains("Loaded 2 row(s): 2 product(s) added, 0 changed, 0 unchanged; 1 standard cost(s) and 0 list price(s) set.", loaded.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("row 3, name: X-9 is a new product; give its name.", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved.", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>read, imported, duplicates, rejected, unmatched customers, new products.</summary>
    private static (string, string, string, string, string, string) Summary(string output)
    {
        string Value(string label) => output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(label + " ", StringComparison.Ordinal))[label.Length..].Trim();
        return (Value("read"), Value("imported"), Value("duplicates"), Value("rejected"), Value("unmatched customers"), Value("new products"));
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KeystoneCli.RunAsync(args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static Task<Run> RunAsync(TestDatabase database, params string[] args) =>
        RunAsync([.. args, "--provider", database.ProviderName, "--connection", database.ConnectionString]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
