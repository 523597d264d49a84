using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Kpis;

/// <summary>Accounts and invoice lines made by one KPI test, loaded through the importer.</summary>
internal sealed class KpiTestData(KeystoneHost host)
{
    private readonly List<string> _rows = [];
    private int _invoice;

    /// <summary>The test's source, customer ids and product codes start with it.</summary>
    public string Tag { get; } = Tag();

    /// <summary>An account of <paramref name="owner"/> whose ERP customer id is <paramref name="customer"/> (in <see cref="Tag"/>'s source).</summary>
    public Task<AccountDetails> AccountAsync(TestUser owner, string customer, Guid? parent = null) =>
        host.CreateAccountAsync(owner, $"{customer} {Tag}", more: new AccountInput
        {
            ExternalIds = new List<ExternalIdInput> { new(Tag, Customer(customer)) },
            ParentAccountId = parent is null ? Optional<Guid?>.Unset : parent,
        });

    public string Customer(string name) => $"{Tag}-{name}";

    /// <summary>One invoice line: <paramref name="customer"/> null for a line with no customer (unattributed revenue).</summary>
    public KpiTestData Line(string? customer, string date, decimal amount, string product = "P", decimal quantity = 1, decimal? cost = null, string currency = "EUR")
    {
        // A credit note is a negative quantity at a positive price.
        var (qty, price) = amount < 0 && quantity > 0 ? (-quantity, -amount / quantity) : (quantity, amount / quantity);
        _invoice++;
        _rows.Add(string.Join(",",
            $"I{_invoice}-{Tag}", "1", date, customer is null ? "" : Customer(customer), customer ?? "", $"{Tag}-{product}", product,
            Invariant(qty), Invariant(price), currency, cost is { } c ? Invariant(c) : ""));
        return this;
    }

    /// <summary>The KPIS.md a–f table: accounts a..e active in <paramref name="previous"/>, f arriving in <paramref name="current"/>.</summary>
    public KpiTestData RetentionTable(string previous, string current)
    {
        foreach (var account in new[] { "a", "b", "c", "d", "e" })
        {
            Line(account, previous, 100);
        }
        return Line("a", current, 100).Line("b", current, 150).Line("c", current, 40).Line("e", current, -20).Line("f", current, 80);
    }

    public async Task<Dictionary<string, Guid>> RetentionAccountsAsync(TestUser owner)
    {
        var ids = new Dictionary<string, Guid>();
        foreach (var name in new[] { "a", "b", "c", "d", "e", "f" })
        {
            ids[name] = (await AccountAsync(owner, name)).Id;
        }
        return ids;
    }

    /// <summary>Imports the lines added so far, as the system, with the reporting settings given (Europe/Berlin by default).</summary>
    public async Task ImportAsync(RevenueOptions? options = null)
    {
        var file = Utf8([Header, .. _rows]);
        _rows.Clear();
        var result = await host.AsSystemAsync(async (db, services) =>
        {
            using var stream = new MemoryStream(file, writable: false);
            return await ImportInvoices.HandleAsync(
                db, services.GetRequiredService<Core.Data.IDatabaseProvider>(), options ?? Options, new InvoiceImportRequest { Source = Tag, Columns = Columns() }, stream, "kpis.csv", null);
        });
        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal(result.Read, result.Imported);
    }

    /// <summary>The id of the product imported as <paramref name="product"/>.</summary>
    public Task<Guid> ProductAsync(string product) =>
        host.AsSystemAsync((db, _) => db.Products.Where(p => p.Code == $"{Tag}-{product}").Select(p => p.Id).SingleAsync());

    /// <summary>A standard cost of <paramref name="product"/> from <paramref name="from"/> on.</summary>
    public async Task StandardCostAsync(string product, string from, decimal unitCost, string currency = "EUR")
    {
        var id = await ProductAsync(product);
        await host.AsSystemAsync(async db =>
        {
            // As any write of standard costs must: in one transaction with the revenue revision (ADR 0012).
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.ProductCosts.Add(new ProductCost { ProductId = id, EffectiveFrom = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), Currency = currency, UnitCost = unitCost });
            await db.SaveChangesAsync();
            await RevenueRevision.BumpAsync(db);
            await transaction.CommitAsync();
        });
    }

    private static string Invariant(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

internal static class KpiRuns
{
    /// <summary>Runs the engine as <paramref name="actor"/> (the system when null), as the API and the CLI do.</summary>
    public static Task<IReadOnlyList<KpiPeriodResult>> KpisAsync(
        this KeystoneHost host, string scope, string from, string to, string period = "month", Actor? actor = null) =>
        host.AsSystemAsync(async (db, services) =>
        {
            if (actor is not null)
            {
                services.GetRequiredService<CurrentActor>().Set(actor);
            }
            return await KpiQuery.HandleAsync(db, KpiRequest.Parse(scope, period, from, to));
        });

    /// <summary>The engine itself for <paramref name="scope"/>, as the system: nothing stored is read or written.</summary>
    public static Task<IReadOnlyList<KpiPeriodResult>> UncachedKpisAsync(this KeystoneHost host, string scope, string from, string to, string period = "month") =>
        host.AsSystemAsync(async (db, _) =>
        {
            var request = KpiRequest.Parse(scope, period, from, to);
            return await KpiQuery.ComputeAsync(db, request, await KpiQuery.ResolveScopeAsync(db, request.Scope), default);
        });

    /// <summary>Changes the company's stored net revenue of the period starting <paramref name="start"/> behind the engine's back.</summary>
    public static Task TamperCompanyAsync(this KeystoneHost host, PeriodGranularity granularity, string start, decimal netRevenue) =>
        host.AsSystemAsync(async db =>
        {
            var day = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
            var row = await db.Set<CompanyKpiSnapshot>().SingleAsync(s => s.Granularity == granularity && s.Start == day);
            var result = CompanySnapshots.Deserialize(row.Payload, Period.For(day, granularity));
            row.Payload = CompanySnapshots.Serialize(result with { Snapshot = result.Snapshot with { NetRevenue = netRevenue } });
            await db.SaveChangesAsync();
        });

    public static Task<long> RevenueRevisionAsync(this KeystoneHost host) => host.AsSystemAsync((db, _) => RevenueRevision.ReadAsync(db));

    public static Task<Actor> ActorAsync(this KeystoneHost host, TestUser user) =>
        host.AsSystemAsync(async (db, _) => (await ActorLoader.LoadAsync(db, user.Id))!);
}
