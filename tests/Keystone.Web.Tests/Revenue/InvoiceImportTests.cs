using System.Text;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Revenue;

/// <summary>The invoice importer on each database: what it stores, exactly once, and all or nothing.</summary>
public sealed class InvoiceImportTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private static InvoiceImportRequest Request(string source, InvoiceColumns? columns = null) => new() { Source = source, Columns = columns ?? Columns() };

    private static Task<List<InvoiceLine>> LinesAsync(KeystoneHost host, string source) =>
        host.AsSystemAsync((db, _) => db.InvoiceLines.AsNoTracking().Where(l => l.Source == source).OrderBy(l => l.InvoiceNumber).ThenBy(l => l.LineKey).ToListAsync());

    [Theory, AllDatabases]
    public async Task A_file_is_stored_line_by_line_with_its_amounts_in_the_reporting_currency(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(owner, more: new AccountInput { ExternalIds = new List<ExternalIdInput> { new(t.ToUpperInvariant(), $"{t}-C1") } });
        await LoadRatesAsync(host, "2024-03-01,USD,0.9", "2024-03-04,USD,0.92", "2024-03-10,USD,0.95");
        var file = Utf8(
            Header,
            $"A-{t},1,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,3,10.5,EUR,7.25",
            $"A-{t},2,2024-03-05,{t}-C1,Acme,{t}-P2,Gadget,2,100,USD,",
            // A credit note: negative revenue on its own date; a time with an offset, dated in Europe/Berlin.
            $"CN-{t},1,2024-03-31T23:30:00Z,{t}-C1,Acme,{t}-P1,Widget,-1,10.5,EUR,",
            // No customer at all: unattributed revenue.
            $"B-{t},1,2024-03-06 10:00,,,{t}-P1,Widget,1,0.3333,EUR,");

        var result = await ImportAsync(host, file, Request(t));

        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal((4, 4, 0, 0), (result.Read, result.Imported, result.Duplicates, result.Rejected));
        Assert.Equal(2, result.ProductsCreated);
        Assert.Equal(0, result.UnmatchedCustomers);
        Assert.Equal("CSV, UTF-8, delimiter ','", result.Format);
        var lines = await LinesAsync(host, t);
        Assert.Equal(4, lines.Count);
        var widget = lines.Single(l => l.InvoiceNumber == $"A-{t}" && l.LineKey == "1");
        Assert.Equal((account.Id, 3m, 10.5m, "EUR", 7.25m, 1m, 31.5m, 315_000L, 21.75m), (widget.AccountId!.Value, widget.Quantity, widget.UnitPrice, widget.Currency, widget.UnitCost!.Value, widget.ExchangeRate, widget.Amount, widget.AmountE4, widget.CostAmount!.Value));
        Assert.Equal(new DateOnly(2024, 3, 5), widget.InvoiceDate);
        Assert.Null(widget.InvoicedAt);
        // USD at the latest rate on or before the date (0.92 of 4 March), not the later 0.95.
        var gadget = lines.Single(l => l.LineKey == "2");
        Assert.Equal((0.92m, 184m, 1_840_000L), (gadget.ExchangeRate, gadget.Amount, gadget.AmountE4));
        Assert.Null(gadget.UnitCost);
        var credit = lines.Single(l => l.InvoiceNumber == $"CN-{t}");
        Assert.Equal((-1m, -10.5m, -105_000L), (credit.Quantity, credit.Amount, credit.AmountE4));
        Assert.Equal(new DateOnly(2024, 4, 1), credit.InvoiceDate);
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 23, 30, 0, TimeSpan.Zero), credit.InvoicedAt);
        Assert.Equal("2024-03-31T23:30:00Z", credit.SourceTimestamp);
        var unattributed = lines.Single(l => l.InvoiceNumber == $"B-{t}");
        Assert.Null(unattributed.AccountId);
        Assert.Null(unattributed.CustomerExternalId);
        // A naive time is read in the source's zone (the reporting zone, Europe/Berlin): 10:00 CET is 09:00 UTC.
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 9, 0, 0, TimeSpan.Zero), unattributed.InvoicedAt);
        Assert.Equal(0.3333m, unattributed.Amount);
        var (products, import) = await host.AsSystemAsync(async (db, _) => (
            await db.Products.Where(p => p.Code.StartsWith(t)).OrderBy(p => p.Code).ToListAsync(),
            await db.InvoiceImports.SingleAsync(i => i.Id == result.ImportId)));
        Assert.Equal([($"{t}-P1", "Widget", true), ($"{t}-P2", "Gadget", true)], products.Select(p => (p.Code, p.Name, p.CreatedByImport)));
        Assert.Equal((t, "invoices.csv", 64, 4L, 4L, "EUR"), (import.Source, import.FileName, import.Sha256.Length, import.LinesRead, import.LinesImported, import.ReportingCurrency));
        // Sums in SQL over the scaled amounts are exact on both databases.
        var total = await host.AsSystemAsync((db, _) => db.InvoiceLines.Where(l => l.Source == t).SumAsync(l => l.AmountE4));
        Assert.Equal(31.5m + 184m - 10.5m + 0.3333m, ScaledMoney.FromE4(total));
    }

    [Theory, AllDatabases]
    public async Task Others_write_while_an_import_reads_its_file(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        Guid? written = null;
        // While the rows are read and staged (the first progress report), someone saves an account. On
        // SQLite the stage is a temporary table, so the database's one write lock is not held until the
        // lines are written; the import is held up here until the save is done or 10 s have passed.
        var progress = new Reporter(p =>
        {
            if (!p.Writing && written is null)
            {
                var save = Task.Run(() => host.CreateAccountAsync(owner, $"Saved meanwhile {t}"));
                written = save.Wait(TimeSpan.FromSeconds(10)) ? save.Result.Id : Guid.Empty;
            }
        });

        var result = await ImportAsync(host, TwoProgressReports(t), Request(t), progress: progress);

        Assert.Equal((2L * ImportProgressEvery, 2L * ImportProgressEvery), (result.Read, result.Imported));
        Assert.NotNull(written);
        Assert.NotEqual(Guid.Empty, written.Value);
        Assert.Equal(1, await host.AsSystemAsync((db, _) => db.Accounts.CountAsync(a => a.Id == written.Value)));
    }

    [Theory, AllDatabases]
    public async Task A_product_and_an_account_added_while_an_import_reads_its_file_are_used_not_added_twice(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        (Guid Product, Guid Account)? added = null;
        // The file's product and customer are unknown when the import starts; someone adds both while it reads.
        var progress = new Reporter(p =>
        {
            if (!p.Writing && added is null)
            {
                var save = Task.Run(async () =>
                {
                    var product = await host.AsSystemAsync(async (db, _) =>
                    {
                        var created = new Product { Code = $"{t}-P1", Name = "Widget, typed in", CreatedAt = DateTimeOffset.UtcNow };
                        db.Products.Add(created);
                        await db.SaveChangesAsync();
                        return created.Id;
                    });
                    var account = await host.CreateAccountAsync(owner, more: new AccountInput { ExternalIds = new List<ExternalIdInput> { new(t.ToUpperInvariant(), $"{t}-C1") } });
                    return (product, account.Id);
                });
                added = save.Wait(TimeSpan.FromSeconds(10)) ? save.Result : (Guid.Empty, Guid.Empty);
            }
        });

        var result = await ImportAsync(host, TwoProgressReports(t), Request(t), progress: progress);

        Assert.NotNull(added);
        Assert.Equal((ImportStatus.Completed, 2L * ImportProgressEvery, 0, 0), (result.Status, result.Imported, result.ProductsCreated, result.UnmatchedCustomers));
        var lines = await LinesAsync(host, t);
        Assert.All(lines, l => Assert.Equal((added.Value.Product, added.Value.Account), (l.ProductId, l.AccountId!.Value)));
        Assert.Equal(1, await host.AsSystemAsync((db, _) => db.Products.CountAsync(p => p.Code == $"{t}-P1")));
        Assert.Equal(0, await host.AsSystemAsync((db, _) => db.UnmatchedCustomers.CountAsync(c => c.ExternalId == $"{t}-C1")));
    }

    [Theory, AllDatabases]
    public async Task A_product_and_an_account_being_added_by_another_transaction_are_used_once_it_commits(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        Task<(Guid Product, Guid Account)>? other = null;
        // While the import reads its file, another transaction adds the file's product and customer and
        // commits 3 s later. On PostgreSQL the import looks before that commit, does not see them, and its own
        // insert waits for the other transaction and then fails on the unique keys: it must use theirs. On
        // SQLite the import's writing transaction waits for the other one and then finds them.
        var progress = new Reporter(p =>
        {
            if (!p.Writing && other is null)
            {
                var started = new TaskCompletionSource();
                other = Task.Run(() => host.AsSystemAsync(async (db, _) =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    var product = new Product { Code = $"{t}-P1", Name = "Widget, typed in", CreatedAt = DateTimeOffset.UtcNow };
                    var account = new Account
                    {
                        Name = $"Acme {t}", OwnerId = owner.Id,
                        ExternalIds = [new AccountExternalId { Source = t.ToUpperInvariant(), ExternalId = $"{t}-C1" }],
                    };
                    db.Products.Add(product);
                    db.Accounts.Add(account);
                    await db.SaveChangesAsync();
                    started.SetResult();
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    await transaction.CommitAsync();
                    return (product.Id, account.Id);
                }));
                Assert.True(started.Task.Wait(TimeSpan.FromSeconds(10)), "The other transaction did not write within 10 s.");
            }
        });

        var result = await ImportAsync(host, TwoProgressReports(t), Request(t) with { CreateAccounts = true, AccountOwnerId = owner.Id }, progress: progress);

        Assert.NotNull(other);
        var added = await other;
        Assert.Equal((ImportStatus.Completed, 2L * ImportProgressEvery, 0, 0), (result.Status, result.Imported, result.ProductsCreated, result.AccountsCreated));
        var lines = await LinesAsync(host, t);
        Assert.All(lines, l => Assert.Equal((added.Product, added.Account), (l.ProductId, l.AccountId!.Value)));
        Assert.Equal((1, 1), await host.AsSystemAsync(async (db, _) => (
            await db.Products.CountAsync(p => p.Code == $"{t}-P1"),
            await db.AccountExternalIds.CountAsync(x => x.ExternalId == $"{t}-C1"))));
    }

    /// <summary>How often the importer reports progress, in rows.</summary>
    private const int ImportProgressEvery = 5000;

    /// <summary>A file long enough for two progress reports while it is read: one line per invoice, customer C1, product P1.</summary>
    private static byte[] TwoProgressReports(string t) =>
        Utf8([Header, .. Enumerable.Range(1, 2 * ImportProgressEvery).Select(i => $"A-{t}-{i},1,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,1,10,EUR,")]);

    [Theory, AllDatabases]
    public async Task Importing_the_same_file_again_adds_nothing_and_an_overlapping_file_only_its_new_lines(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        string Row(string invoice, int line, string date, decimal price) => $"{invoice}-{t},{line},{date},{t}-C,Acme,{t}-P,Widget,1,{price},EUR,";
        var january = Utf8(Header, Row("I1", 1, "2024-01-10", 100), Row("I1", 2, "2024-01-10", 50), Row("I2", 1, "2024-01-31", 70));
        var overlap = Utf8(Header, Row("I2", 1, "2024-01-31", 70), Row("I3", 1, "2024-02-02", 30), Row("I3", 2, "2024-02-02", 5));

        var first = await ImportAsync(host, january, Request(t));
        var again = await ImportAsync(host, january, Request(t.ToUpperInvariant()));
        var next = await ImportAsync(host, overlap, Request(t));

        Assert.Equal((3L, 0L), (first.Imported, first.Duplicates));
        Assert.Null(first.PreviouslyImportedAt);
        Assert.Equal((3L, 0L, 3L), (again.Read, again.Imported, again.Duplicates));
        Assert.NotNull(again.PreviouslyImportedAt);
        Assert.Equal((3L, 2L, 1L), (next.Read, next.Imported, next.Duplicates));
        var lines = await LinesAsync(host, t);
        Assert.Equal(5, lines.Count);
        Assert.Equal(255m, lines.Sum(l => l.Amount));
    }

    [Theory, AllDatabases]
    public async Task Without_a_line_column_a_line_is_keyed_by_its_position_in_its_invoice_counting_rejected_rows(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var columns = Columns(line: false);
        const string header = "Invoice,Date,Customer,Customer name,Product,Product name,Qty,Price,Currency,Cost";
        string Row(string invoice, string qty) => $"{invoice}-{t},2024-05-02,{t}-C,Acme,{t}-P,Widget,{qty},10,EUR,";
        // The second row of X is bad: with skipInvalid the others are imported at positions 1 and 3.
        var withBadRow = Utf8(header, Row("X", "1"), Row("Y", "1"), Row("X", "two"), Row("X", "3"));
        var fixedFile = Utf8(header, Row("X", "1"), Row("Y", "1"), Row("X", "2"), Row("X", "3"));

        var first = await ImportAsync(host, withBadRow, Request(t, columns) with { SkipInvalid = true });
        var second = await ImportAsync(host, fixedFile, Request(t, columns));

        Assert.Equal((3L, 1L), (first.Imported, first.Rejected));
        Assert.Equal((1L, 3L), (second.Imported, second.Duplicates));
        var lines = await LinesAsync(host, t);
        Assert.Equal([($"X-{t}", "1", 1m), ($"X-{t}", "2", 2m), ($"X-{t}", "3", 3m), ($"Y-{t}", "1", 1m)], lines.Select(l => (l.InvoiceNumber, l.LineKey, l.Quantity)));
    }

    [Theory, AllDatabases]
    public async Task A_file_with_a_bad_row_imports_nothing_and_reports_each_problem_with_its_row_and_column(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var rejects = new StringWriter();
        var file = Utf8(
            Header,
            $"A-{t},1,2024-03-05,{t}-C,Acme,{t}-P,Widget,1,10,EUR,",
            $"A-{t},2,2024-02-30,{t}-C,Acme,{t}-P,Widget,1,ten,EUR,",
            $"A-{t},3,2024-03-05,{t}-C,Acme,,Widget,1,10,XXX,");

        var result = await ImportAsync(host, file, Request(t) with { Rejects = rejects });

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal((3L, 0L, 2L), (result.Read, result.Imported, result.Rejected));
        Assert.Empty(await LinesAsync(host, t));
        Assert.False(await host.AsSystemAsync((db, _) => db.Products.AnyAsync(p => p.Code.StartsWith(t))));
        Assert.False(await host.AsSystemAsync((db, _) => db.UnmatchedCustomers.AnyAsync(c => c.Source == t)));
        Assert.Equal(
            [
                (3L, "Price", "'ten' is not a number."),
                (3L, "Date", "'2024-02-30' is not a day of the calendar (February 2024 has 29 days)."),
                (4L, "Product", "Product code is empty."),
                (4L, "Currency", "'XXX' is not an ISO 4217 currency code such as EUR, USD or JPY."),
            ],
            result.FirstProblems.Select(p => (p.Row, p.Column, p.Reason)));
        var report = rejects.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,reason," + Header, report[0]);
        Assert.Equal($"3,Price,'ten' is not a number.,A-{t},2,2024-02-30,{t}-C,Acme,{t}-P,Widget,1,ten,EUR,", report[1]);
        Assert.Equal(5, report.Length);
        // The rejected run is on record, with nothing imported.
        var run = await host.AsSystemAsync((db, _) => db.InvoiceImports.SingleAsync(i => i.Id == result.ImportId));
        Assert.Equal((ImportStatus.Rejected, 0L, 2L), (run.Status, run.LinesImported, run.LinesRejected));
    }

    [Theory, AllDatabases]
    public async Task Skip_invalid_imports_the_good_rows_and_still_reports_the_bad_ones(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var rejects = new StringWriter();
        var file = Utf8(
            Header,
            $"A-{t},1,2024-03-05,{t}-C,Acme,{t}-P,Widget,1,10,EUR,",
            $"A-{t},2,2024-03-05,{t}-C,Acme,{t}-P,Widget,1,10.12345,EUR,",
            $"A-{t},3,2024-03-05,{t}-C,Acme,{t}-P,Widget,2,10,EUR,");

        var result = await ImportAsync(host, file, Request(t) with { SkipInvalid = true, Rejects = rejects });

        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal((3L, 2L, 1L), (result.Read, result.Imported, result.Rejected));
        Assert.Equal(["1", "3"], (await LinesAsync(host, t)).Select(l => l.LineKey));
        var problem = Assert.Single(result.FirstProblems);
        Assert.Equal((3L, "Price"), (problem.Row, problem.Column));
        Assert.Contains("more than 4 decimals", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(2, rejects.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory, AllDatabases]
    public async Task A_cancellation_during_the_write_or_a_bad_row_at_the_end_leaves_the_database_as_it_was(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var rows = Enumerable.Range(1, 12_000).Select(i => $"N{i / 3}-{t},{(i % 3) + 1},2024-06-01,{t}-C{i % 7},Acme,{t}-P{i % 5},Widget,1,{i}.25,EUR,").ToList();
        var good = Utf8([Header, .. rows]);
        var badAtTheEnd = Utf8([Header, .. rows, $"Z-{t},1,2024-06-01,{t}-C,Acme,{t}-P,Widget,1,1.2.3,EUR,"]);
        using var cancel = new CancellationTokenSource();
        var progress = new Reporter(p =>
        {
            if (p.LinesRead >= 10_000)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(host, good, Request(t), progress: progress, ct: cancel.Token));
        var late = await ImportAsync(host, badAtTheEnd, Request(t));

        Assert.Equal((12_001L, 1L, ImportStatus.Rejected), (late.Read, late.Rejected, late.Status));
        Assert.Equal(12_002L, late.FirstProblems.Single().Row);
        var (lines, products, unmatched, runs) = await host.AsSystemAsync(async (db, _) => (
            await db.InvoiceLines.CountAsync(l => l.Source == t),
            await db.Products.CountAsync(p => p.Code.StartsWith(t)),
            await db.UnmatchedCustomers.CountAsync(c => c.Source == t),
            await db.InvoiceImports.Where(i => i.Source == t).Select(i => i.Status).ToListAsync()));
        Assert.Equal((0, 0, 0), (lines, products, unmatched));
        Assert.Equal([ImportStatus.Rejected], runs);

        var after = await ImportAsync(host, good, Request(t));
        Assert.Equal(12_000L, after.Imported);
    }

    public static TheoryData<DatabaseKind, string, string> Encodings()
    {
        var data = new TheoryData<DatabaseKind, string, string>();
        foreach (var kind in Enum.GetValues<DatabaseKind>())
        {
            foreach (var (encoding, delimiter) in new[] { ("utf-8-bom", ";"), ("utf-16le-bom", "\t"), ("utf-16be-bom", ","), ("windows-1252", "|"), ("utf-8", ",") })
            {
                data.Add(kind, encoding, delimiter);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Encodings))]
    public async Task Files_in_the_usual_encodings_and_delimiters_read_the_same(DatabaseKind kind, string encoding, string delimiter)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var text = string.Join("\r\n",
            string.Join(delimiter, "Invoice", "Line", "Date", "Customer", "Customer name", "Product", "Product name", "Qty", "Price"),
            string.Join(delimiter, $"É-{t}", "1", "05.03.2024", $"{t}-C", "Société Générale", $"{t}-Pü", "Müsli", "2", "\"1.234,56\""),
            string.Join(delimiter, $"É-{t}", "2", "06.03.2024", $"{t}-C", "Société Générale", $"{t}-Pü", "Müsli", "1", "\"0,5\"")) + "\r\n";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "windows-1252" => CodePages.GetEncoding(1252).GetBytes(text),
            _ => Encoding.UTF8.GetBytes(text),
        };
        var columns = Columns(currency: false, cost: false);

        var result = await ImportAsync(host, bytes, Request(t, columns) with { DecimalSeparator = DecimalSeparator.Comma });

        Assert.Equal((2L, 0L), (result.Imported, result.Rejected));
        Assert.Contains(delimiter == "\t" ? "delimiter tab" : $"delimiter '{delimiter}'", result.Format, StringComparison.Ordinal);
        var lines = await LinesAsync(host, t);
        Assert.Equal([$"É-{t}", $"É-{t}"], lines.Select(l => l.InvoiceNumber));
        Assert.Equal([2469.12m, 0.5m], lines.Select(l => l.Amount));
        Assert.Equal("Société Générale", lines[0].CustomerName);
        var product = await host.AsSystemAsync((db, _) => db.Products.SingleAsync(p => p.Code == $"{t}-Pü"));
        Assert.Equal("Müsli", product.Name);
    }

    [Theory, AllDatabases]
    public async Task An_xlsx_workbook_imports_like_a_csv(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var rows = new[]
        {
            new Dictionary<string, object?> { ["Invoice"] = $"X-{t}", ["Line"] = 1, ["Date"] = new DateTime(2024, 7, 1), ["Customer"] = $"{t}-C", ["Customer name"] = "Acme", ["Product"] = $"{t}-P", ["Product name"] = "Widget", ["Qty"] = 2.5, ["Price"] = 19.99, ["Currency"] = "EUR", ["Cost"] = null },
            new Dictionary<string, object?> { ["Invoice"] = $"X-{t}", ["Line"] = 2, ["Date"] = "2024-07-02", ["Customer"] = $"{t}-C", ["Customer name"] = "Acme", ["Product"] = $"{t}-P", ["Product name"] = "Widget", ["Qty"] = -1, ["Price"] = "19.99", ["Currency"] = "EUR", ["Cost"] = 12.5 },
        };
        using var workbook = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(workbook, rows);

        var result = await ImportAsync(host, workbook.ToArray(), Request(t), fileName: "invoices.xlsx");

        Assert.Equal((2L, 0L), (result.Imported, result.Rejected));
        Assert.StartsWith("Excel workbook", result.Format, StringComparison.Ordinal);
        var lines = await LinesAsync(host, t);
        Assert.Equal([(new DateOnly(2024, 7, 1), 2.5m, 19.99m, 49.975m), (new DateOnly(2024, 7, 2), -1m, 19.99m, -19.99m)],
            lines.Select(l => (l.InvoiceDate, l.Quantity, l.UnitPrice, l.Amount)));
        Assert.Equal(12.5m, lines[1].UnitCost);
    }

    [Theory, AllDatabases]
    public async Task A_currency_without_a_rate_on_or_before_the_date_refuses_the_import_naming_the_currency_and_date(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        await LoadRatesAsync(host, "2024-03-01,GBP,1.17");
        var file = Utf8(
            Header,
            $"A-{t},1,2024-03-05,{t}-C,Acme,{t}-P,Widget,1,10,GBP,",
            $"A-{t},2,2024-02-28,{t}-C,Acme,{t}-P,Widget,1,10,GBP,",
            $"A-{t},3,2024-03-05,{t}-C,Acme,{t}-P,Widget,1,10,CHF,");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => ImportAsync(host, file, Request(t) with { SkipInvalid = true }));

        var messages = refused.Errors["rates"];
        Assert.Equal(2, messages.Length);
        Assert.StartsWith("There is no CHF rate to EUR on or before 2024-03-05 (first needed by row 4)", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("There is no GBP rate to EUR on or before 2024-02-28 (first needed by row 3)", messages[1], StringComparison.Ordinal);
        Assert.Empty(await LinesAsync(host, t));
    }

    [Theory, AllDatabases]
    public async Task Unknown_customers_are_listed_for_review_and_create_accounts_creates_them_and_claims_their_earlier_lines(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var first = Utf8(Header,
            $"A-{t},1,2024-03-05,{t}-NEW,Nova Ltd,{t}-P,Widget,1,10,EUR,",
            $"A-{t},2,2024-03-05,{t}-NEW,Nova Ltd,{t}-P,Widget,1,15,EUR,",
            $"B-{t},1,2024-03-06,{t}-OTHER,Other AG,{t}-P,Widget,1,5,EUR,");
        var second = Utf8(Header, $"C-{t},1,2024-04-01,{t}-NEW,Nova Ltd,{t}-P,Widget,1,20,EUR,");

        var listed = await ImportAsync(host, first, Request(t));
        var unmatched = await host.AsSystemAsync((db, _) => db.UnmatchedCustomers.Where(c => c.Source == t).OrderBy(c => c.ExternalId).ToListAsync());
        var created = await ImportAsync(host, second, Request(t) with { CreateAccounts = true, AccountOwnerId = kam.Id });

        Assert.Equal(2, listed.UnmatchedCustomers);
        Assert.Equal([($"{t}-NEW", "Nova Ltd", 2, UnmatchedCustomerStatus.Open), ($"{t}-OTHER", "Other AG", 1, UnmatchedCustomerStatus.Open)],
            unmatched.Select(c => (c.ExternalId, c.Name, c.LineCount, c.Status)));
        Assert.Equal((1, 0), (created.AccountsCreated, created.UnmatchedCustomers));
        var (account, lines, after) = await host.AsSystemAsync(async (db, _) => (
            await db.Accounts.Include(a => a.ExternalIds).SingleAsync(a => a.ExternalIds.Any(x => x.ExternalId == $"{t}-NEW")),
            await db.InvoiceLines.Where(l => l.Source == t).ToListAsync(),
            await db.UnmatchedCustomers.Where(c => c.Source == t).OrderBy(c => c.ExternalId).ToListAsync()));
        Assert.Equal(("Nova Ltd", kam.Id, t), (account.Name, account.OwnerId, account.ExternalIds.Single().Source));
        Assert.All(lines.Where(l => l.CustomerExternalId == $"{t}-NEW"), l => Assert.Equal(account.Id, l.AccountId));
        Assert.Null(lines.Single(l => l.CustomerExternalId == $"{t}-OTHER").AccountId);
        Assert.Equal([(UnmatchedCustomerStatus.Created, (Guid?)account.Id), (UnmatchedCustomerStatus.Open, null)], after.Select(c => (c.Status, c.AccountId)));
    }

    [Theory, AllDatabases]
    public async Task A_junior_kam_sees_only_the_lines_of_their_accounts_and_cannot_import(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var other = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        await host.CreateAccountAsync(junior, more: new AccountInput { ExternalIds = new List<ExternalIdInput> { new(t, $"{t}-MINE") } });
        await host.CreateAccountAsync(other, more: new AccountInput { ExternalIds = new List<ExternalIdInput> { new(t, $"{t}-THEIRS") } });
        var file = Utf8(Header,
            $"A-{t},1,2024-03-05,{t}-MINE,Mine,{t}-P,Widget,1,10,EUR,",
            $"B-{t},1,2024-03-05,{t}-THEIRS,Theirs,{t}-P,Widget,1,10,EUR,",
            $"C-{t},1,2024-03-05,,,{t}-P,Widget,1,10,EUR,");
        await ImportAsync(host, file, Request(t));
        var actor = await host.AsSystemAsync((db, _) => ActorLoader.LoadAsync(db, junior.Id));

        var seen = await host.AsSystemAsync(async (db, services) =>
        {
            services.GetRequiredService<CurrentActor>().Set(actor!);
            return await db.InvoiceLines.Where(l => l.Source == t).Select(l => l.InvoiceNumber).ToListAsync();
        });

        Assert.Equal([$"A-{t}"], seen);
        await Assert.ThrowsAsync<ForbiddenException>(() => ImportAsync(host, file, Request(t), actor: actor));
    }

    [Theory, AllDatabases]
    public async Task A_line_repeated_in_a_file_is_stored_once_the_first_time_and_counted_as_a_duplicate(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();
        string Row(string line, string qty, decimal price) => $"A-{t},{line},2024-03-05,{t}-C,Acme,{t}-P,Widget,{qty},{price},EUR,";
        // "01" is line 1 again; the bad row is rejected and the rest imported.
        var file = Utf8(Header, Row("1", "1", 10), Row("2", "1", 20), Row("01", "1", 99), Row("3", "x", 30));

        var first = await ImportAsync(host, file, Request(t) with { SkipInvalid = true });
        var again = await ImportAsync(host, file, Request(t) with { SkipInvalid = true });

        Assert.Equal((4L, 2L, 1L, 1L), (first.Read, first.Imported, first.Duplicates, first.Rejected));
        Assert.Equal((4L, 0L, 3L, 1L), (again.Read, again.Imported, again.Duplicates, again.Rejected));
        var lines = await LinesAsync(host, t);
        Assert.Equal([("1", 10m), ("2", 20m)], lines.Select(l => (l.LineKey, l.Amount)));
    }

    [Theory, AllDatabases]
    public async Task A_staged_line_whose_product_is_not_stored_is_refused_by_the_database_and_nothing_is_kept(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var t = Tag();

        var error = await Record.ExceptionAsync(() => host.AsSystemAsync(async (db, services) =>
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using (var stage = await services.GetRequiredService<IDatabaseProvider>().BeginInvoiceLineStageAsync(db, CancellationToken.None))
            {
                var line = new InvoiceLine
                {
                    Source = t, InvoiceNumber = $"A-{t}", InvoiceDate = new DateOnly(2024, 3, 5), ProductId = Guid.NewGuid(), Currency = "EUR",
                    Quantity = 1, UnitPrice = 1, ExchangeRate = 1, Amount = 1, AmountE4 = 10_000, ImportId = Guid.NewGuid(),
                };
                await stage.AddAsync(new StagedLine(2, line.InvoiceNumber, "1", line), CancellationToken.None);
                await stage.CompleteAsync(CancellationToken.None);
                await stage.MergeAsync(CancellationToken.None);
            }
            await transaction.CommitAsync();
            return true;
        }));

        Assert.IsAssignableFrom<System.Data.Common.DbException>(error);
        Assert.Contains("foreign key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await LinesAsync(host, t));
    }

    private sealed class Reporter(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    private static class CodePages
    {
        static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        public static Encoding GetEncoding(int codePage) => Encoding.GetEncoding(codePage);
    }
}
