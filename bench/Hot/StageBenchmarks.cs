using BenchmarkDotNet.Attributes;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Data.Postgres;
using Keystone.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Bench.Hot;

/// <summary>
/// Staging lines through the provider's <see cref="IInvoiceLineStage"/> (prepared insert on SQLite, binary
/// COPY on PostgreSQL), per line, rolled back each time. PostgreSQL runs when KEYSTONE_TEST_POSTGRES is set.
/// </summary>
#pragma warning disable CA1001 // GlobalCleanup disposes the context.
public class StageBenchmarks
{
    private const int Lines = 10_000;

    private KeystoneDbContext _db = null!;
    private IDatabaseProvider _provider = null!;
    private StagedLine[] _lines = [];
    private string? _file;

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "Sqlite";

    public static IEnumerable<string> Providers() =>
        Environment.GetEnvironmentVariable("KEYSTONE_TEST_POSTGRES") is { Length: > 0 } ? ["Sqlite", "Postgres"] : ["Sqlite"];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string connection;
        if (Provider == "Sqlite")
        {
            _file = Path.Combine(Path.GetTempPath(), $"keystone-hot-{Environment.ProcessId}.db");
            connection = $"Data Source={_file}";
        }
        else
        {
            connection = Environment.GetEnvironmentVariable("KEYSTONE_TEST_POSTGRES") + ";Database=keystone_bench_hot";
        }
        _provider = Provider == "Sqlite" ? new SqliteDatabaseProvider() : new PostgresDatabaseProvider();
        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        _provider.Configure(options, connection);
        _db = KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
        await _db.Database.MigrateAsync();
        var import = Guid.CreateVersion7();
        _lines = [.. Enumerable.Range(1, Lines).Select(i => new StagedLine(i + 1, $"B{i / 4:D8}", (i % 4 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new InvoiceLine
        {
            Source = "bench",
            InvoiceNumber = $"B{i / 4:D8}",
            InvoiceDate = new DateOnly(2025, 1, 1).AddDays(i % 365),
            SourceTimestamp = "2025-01-01",
            CustomerExternalId = $"C{i % 5000:D7}",
            CustomerName = $"Customer {i % 5000}",
            ProductId = Guid.CreateVersion7(),
            Quantity = i % 20 + 1,
            UnitPrice = 12.34m,
            Currency = "EUR",
            UnitCost = 7.4m,
            ExchangeRate = 1m,
            Amount = (i % 20 + 1) * 12.34m,
            AmountE4 = (i % 20 + 1) * 123_400,
            CostAmount = (i % 20 + 1) * 7.4m,
            CostAmountE4 = (i % 20 + 1) * 74_000,
            ImportId = import,
        }))];
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task StageWrite()
    {
        await _db.Database.OpenConnectionAsync();
        await using var transaction = await _db.Database.BeginTransactionAsync();
        await using (var stage = await _provider.BeginInvoiceLineStageAsync(_db, default))
        {
            foreach (var line in _lines)
            {
                await stage.AddAsync(line, default);
            }
            await stage.CompleteAsync(default);
        }
        await transaction.RollbackAsync();
        await _db.Database.CloseConnectionAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (Provider == "Postgres")
        {
            await _db.Database.EnsureDeletedAsync();
        }
        await _db.DisposeAsync();
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }
}
