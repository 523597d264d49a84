using System.Text.Json;
using Keystone.Cli;
using Keystone.Web.Tests.Infrastructure;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Kpis;

/// <summary><c>keystone kpi</c> run in-process, each test on a database and in a folder of its own.</summary>
public sealed class KpiCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("keystone-kpi-").FullName;

    [Theory, AllDatabases]
    public async Task Kpi_prints_the_KPIS_md_table_as_csv_json_and_a_table(DatabaseKind kind)
    {
        await using var database = await ImportedRetentionTableAsync(kind);

        var csv = await RunAsync(database, "kpi", "--scope", "company", "--period", "month", "--from", "2011-01", "--to", "2011-02", "--format", "csv");
        var json = await RunAsync(database, "kpi", "--scope", "company", "--from", "2011-02", "--to", "2011-02", "--format", "json");
        var table = await RunAsync(database, "kpi", "--scope", "company", "--from", "2011-01", "--to", "2011-02");

        Assert.Equal(0, csv.ExitCode);
        Assert.Equal(
            [
                "period,active,retained,new,reactivated,retention,logo_churn,grr,nrr,revenue,additional_offerings",
                "2011-01,5,0,5,0,,,,,500.00,0",
                "2011-02,4,3,1,0,0.6000,0.4000,0.4800,0.5800,350.00,0",
            ],
            csv.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Equal(0, json.ExitCode);
        var row = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single();
        Assert.Equal(("2011-02", 0.6m, 0.4m, 0.48m, 0.58m, 350m, 0m), (row.GetProperty("period").GetString(), row.GetProperty("retention").GetDecimal(),
            row.GetProperty("logoChurn").GetDecimal(), row.GetProperty("grr").GetDecimal(), row.GetProperty("nrr").GetDecimal(),
            row.GetProperty("revenue").GetDecimal(), row.GetProperty("unattributedRevenue").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("grossMargin").ValueKind);
        Assert.Equal(0, table.ExitCode);
        var january = table.Output.Split('\n').Single(l => l.Contains("2011-01", StringComparison.Ordinal));
        Assert.Contains("—", january, StringComparison.Ordinal);
        Assert.Contains("60.0 %", table.Output, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Kpi_as_a_junior_is_refused_the_company_and_bad_options_name_the_field(DatabaseKind kind)
    {
        await using var database = await ImportedRetentionTableAsync(kind);
        await RunAsync(database, "users", "add", "june@example.com", "--role", "junior-kam");

        var refused = await RunAsync(database, "kpi", "--scope", "company", "--from", "2011-01", "--to", "2011-02", "--as", "june@example.com");
        var own = await RunAsync(database, "kpi", "--scope", "kam:june@example.com", "--from", "2011-01", "--to", "2011-02", "--format", "csv", "--as", "june@example.com");
        var bad = await RunAsync(database, "kpi", "--scope", "galaxy", "--from", "2011-1", "--to", "2011-02");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("whole company", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, own.ExitCode);
        Assert.EndsWith("2011-02,0,0,0,0,,,,,0.00,0", own.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("scope: 'galaxy' is not a scope", bad.Error, StringComparison.Ordinal);
        Assert.Contains("from: '2011-1' is not a month", bad.Error, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Kpi_refresh_stores_the_dashboard_figures_once_after_a_change(DatabaseKind kind)
    {
        await using var database = await ImportedRetentionTableAsync(kind);

        var first = await RunAsync(database, "kpi", "refresh");
        var second = await RunAsync(database, "kpi", "refresh");
        var csv = await RunAsync(database, "kpi", "--scope", "company", "--from", "2011-02", "--to", "2011-02", "--format", "csv");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("Company KPIs computed and stored", first.Output, StringComparison.Ordinal);
        // The one KAM who owns the table's accounts: their scorecard too (ADR 0016).
        Assert.Contains("KPI scorecards of 1 KAM computed and stored", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Company KPIs were already up to date", second.Output, StringComparison.Ordinal);
        Assert.Contains("KAMs' KPI scorecards were already up to date", second.Output, StringComparison.Ordinal);
        // The figures read after the refresh are the engine's (KPIS.md's table), not something else.
        Assert.EndsWith("2011-02,4,3,1,0,0.6000,0.4000,0.4800,0.5800,350.00,0", csv.Output.TrimEnd(), StringComparison.Ordinal);
    }

    private async Task<TestDatabase> ImportedRetentionTableAsync(DatabaseKind kind)
    {
        var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");
        Assert.Equal(0, (await RunAsync(database, "users", "add", "head@example.com", "--role", "head-of-kam")).ExitCode);
        string Row(int invoice, string customer, string date, decimal qty, decimal price) =>
            FormattableString.Invariant($"I{invoice},1,{date},{customer},{customer},P-1,Widget,{qty},{price},EUR,");
        var path = Path.Combine(_folder, "table.csv");
        File.WriteAllLines(path,
        [
            Header,
            Row(1, "a", "2011-01-15", 1, 100), Row(2, "b", "2011-01-15", 1, 100), Row(3, "c", "2011-01-15", 1, 100),
            Row(4, "d", "2011-01-15", 1, 100), Row(5, "e", "2011-01-15", 1, 100),
            Row(6, "a", "2011-02-15", 1, 100), Row(7, "b", "2011-02-15", 1, 150), Row(8, "c", "2011-02-15", 1, 40),
            Row(9, "e", "2011-02-15", -1, 20), Row(10, "f", "2011-02-15", 1, 80),
        ]);
        var import = await RunAsync(database, "import", "invoices", path, "--source", "erp", "--columns", Columns().ToString(), "--create-accounts", "--owner", "head@example.com");
        Assert.True(import.ExitCode == 0, import.Output + import.Error);
        return database;
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(TestDatabase database, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KeystoneCli.RunAsync([.. args, "--provider", database.ProviderName, "--connection", database.ConnectionString], output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
