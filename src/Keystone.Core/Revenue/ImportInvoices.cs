using System.Diagnostics;
using System.Globalization;
using System.Text;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>What to import and how; the file itself is given to <see cref="ImportInvoices.HandleAsync"/>.</summary>
public sealed record InvoiceImportRequest
{
    /// <summary>The system the file comes from, such as "erp"; stored in lower case. Lines are unique per source.</summary>
    public required string Source { get; init; }

    /// <summary>The column mapping; when null, the mapping saved as <see cref="MappingName"/> for the source.</summary>
    public InvoiceColumns? Columns { get; init; }

    public string? MappingName { get; init; }

    /// <summary>Saves <see cref="Columns"/> under this name for the source.</summary>
    public string? SaveMappingAs { get; init; }

    /// <summary>The currency of lines whose file has no currency column or an empty cell; the reporting currency by default.</summary>
    public string? DefaultCurrency { get; init; }

    /// <summary>IANA zone of times written without an offset; the reporting time zone by default.</summary>
    public string? SourceTimeZone { get; init; }

    /// <summary>The file's decimal separator; decided from its first rows when unknown.</summary>
    public DecimalSeparator DecimalSeparator { get; init; }

    /// <summary>The file's order of day and month; decided from its first rows when unknown.</summary>
    public DateOrder DateOrder { get; init; }

    /// <summary>Imports the valid rows of a file with rejected rows; without it, such a file imports nothing.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Creates an account for each customer id no account carries, instead of listing it as unmatched.</summary>
    public bool CreateAccounts { get; init; }

    /// <summary>The owner of created accounts; the importing user by default.</summary>
    public Guid? AccountOwnerId { get; init; }

    /// <summary>Where the rejects report is written (a CSV), if anywhere.</summary>
    public TextWriter? Rejects { get; init; }
}

/// <summary>What an import did.</summary>
/// <param name="ImportId">The stored run.</param>
/// <param name="FirstProblems">The first problems found (at most <see cref="ImportInvoices.ProblemsKept"/>); the rejects report has them all.</param>
/// <param name="PreviouslyImportedAt">When a file with the same bytes was imported before, if it was.</param>
public sealed record InvoiceImportResult(
    Guid ImportId,
    ImportStatus Status,
    string Format,
    long Read,
    long Imported,
    long Duplicates,
    long Rejected,
    int UnmatchedCustomers,
    int ProductsCreated,
    int AccountsCreated,
    IReadOnlyList<RowProblem> FirstProblems,
    DateTimeOffset? PreviouslyImportedAt);

/// <summary>
/// Imports invoice lines from an ERP export, streamed and exactly once (ADR 0004): every row is read,
/// checked and staged as it comes; at the end, in one transaction, new products and accounts are
/// added and the staged lines merged, skipping those already stored. A file with rejected rows imports
/// nothing unless <see cref="InvoiceImportRequest.SkipInvalid"/>; a failure or a cancellation part-way
/// rolls everything back.
/// </summary>
public static class ImportInvoices
{
    public const int ProblemsKept = 50;

    /// <summary>Rows read before the file's decimal separator and date order are decided.</summary>
    public const int LookAhead = 1000;

    private const int ProgressEvery = 5000;

    /// <exception cref="ForbiddenException">The actor may not import revenue.</exception>
    /// <exception cref="ValidationException">The request is wrong, or exchange rates are missing (nothing was imported).</exception>
    /// <exception cref="InvoiceFileException">The file cannot be read, or the mapping does not fit it (nothing was imported).</exception>
    public static async Task<InvoiceImportResult> HandleAsync(
        KeystoneDbContext db,
        IDatabaseProvider provider,
        RevenueOptions options,
        InvoiceImportRequest request,
        Stream file,
        string fileName,
        IProgress<ImportProgress>? progress = null,
        CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanImportRevenue(), "Only an administrator or a head of KAM can import revenue.");
        await ConvertReportingCurrency.DemandStoredMatchesAsync(db, options.ReportingCurrency, ct);
        var startedAt = db.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var (source, columns, defaultCurrency, sourceZone, ownerId) = await CheckAsync(db, options, request, ct);
        var opened = await InvoiceFile.OpenAsync(file, Path.GetFileName(fileName), ct);
        var previous = await db.InvoiceImports.AsNoTracking()
            .Where(i => i.Sha256 == opened.Sha256 && i.Status == ImportStatus.Completed)
            .OrderByDescending(i => i.FinishedAt)
            .Select(i => (DateTimeOffset?)i.FinishedAt)
            .FirstOrDefaultAsync(ct);
        InvoiceRowParser.Resolve(opened.Headers, columns);

        var run = new Run(db, source, request.CreateAccounts);
        await run.LoadAsync(options.ReportingCurrency, ct);
        var import = new InvoiceImport
        {
            Source = source,
            FileName = opened.FileName,
            Sha256 = opened.Sha256,
            StartedAt = startedAt,
            ImportedById = db.Actor.UserId,
            ReportingCurrency = options.ReportingCurrency,
        };
        var rejects = new RejectsWriter(request.Rejects, opened.Headers);
        var problems = new List<RowProblem>();
        var kept = new List<RowProblem>();
        long read = 0, rejected = 0, staged = 0;
        var missingRates = new SortedDictionary<string, (DateOnly Date, long Row)>(StringComparer.Ordinal);

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // On SQLite, reading and staging the file happen in a transaction of their own that takes no
            // write lock; the lines are written in a second one (IDatabaseProvider.BeginImportStagingAsync).
            var staging = await provider.BeginImportStagingAsync(db, ct);
            await using var transaction = new ImportTransaction(db, staging ?? await db.Database.BeginTransactionAsync(ct));
            long inserted;
            await using (var stage = await provider.BeginInvoiceLineStageAsync(db, ct))
            {
                using var records = opened.Records(ct).GetEnumerator();
                var sample = new List<SourceRecord>();
                while (sample.Count < LookAhead && Next(records, opened))
                {
                    sample.Add(records.Current);
                }
                var formats = InvoiceRowParser.DecideFormats(opened.Headers, columns, sample, request.DecimalSeparator, request.DateOrder);
                var parser = new InvoiceRowParser(opened.Headers, columns, formats, defaultCurrency, sourceZone, options.TimeZone);
                var ids = new LineIds();

                foreach (var record in Concat(sample, records, opened))
                {
                    read++;
                    var row = parser.Parse(record, problems);
                    InvoiceLine? line = null;
                    if (row is not null)
                    {
                        var rate = run.Rates.Find(row.Currency, row.InvoiceDate);
                        if (rate is null)
                        {
                            if (!missingRates.TryGetValue(row.Currency, out var earliest) || row.InvoiceDate < earliest.Date)
                            {
                                missingRates[row.Currency] = (row.InvoiceDate, record.Row);
                            }
                        }
                        else
                        {
                            line = ToLine(row, rate.Value, record.Row, problems, ids);
                        }
                    }
                    if (problems.Count > 0)
                    {
                        rejected++;
                        rejects.Write(record, problems);
                        kept.AddRange(problems.Take(ProblemsKept - kept.Count));
                    }
                    if (line is not null)
                    {
                        line.Source = source;
                        line.ImportId = import.Id;
                        line.AccountId = run.AccountOf(row!);
                        line.ProductId = run.ProductOf(row!);
                        staged++;
                    }
                    var invoice = row?.InvoiceNumber ?? InvoiceNumberOf(record, parser, opened, columns);
                    if (invoice is not null)
                    {
                        await stage.AddAsync(new StagedLine(record.Row, invoice, row?.LineKey, line), ct);
                    }
                    if (read % ProgressEvery == 0)
                    {
                        progress?.Report(new ImportProgress(read, opened.Position, opened.Length, clock.Elapsed));
                    }
                }
                rejects.Finish();
                await stage.CompleteAsync(ct);
                if (staging is not null)
                {
                    await transaction.WriteAfterStagingAsync(ct);
                }
                progress?.Report(new ImportProgress(read, opened.Length, opened.Length, clock.Elapsed, Writing: true));

                if (missingRates.Count > 0)
                {
                    throw new ValidationException(new Dictionary<string, string[]>
                    {
                        ["rates"] = [.. missingRates.Select(m =>
                            $"There is no {m.Key} rate to {options.ReportingCurrency} on or before {m.Value.Date:yyyy-MM-dd} (first needed by row {m.Value.Row}); load rates with 'keystone import rates FILE', then import again. Nothing was imported.")],
                    });
                }
                if (rejected > 0 && !request.SkipInvalid)
                {
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    import.Status = ImportStatus.Rejected;
                    await FinishAsync(db, import, request, columns, read, 0, 0, rejected, run, ct);
                    return Result(import, opened, kept, previous);
                }

                await run.WriteCatalogAsync(ownerId, startedAt, ct);
                import.Status = ImportStatus.Completed;
                db.InvoiceImports.Add(import);
                await db.SaveChangesAsync(ct);
                inserted = await stage.MergeAsync(ct);
            }
            await run.AttributeAsync(ct);
            await FinishAsync(db, import, request, columns, read, inserted, staged - inserted, rejected, run, ct);
            await Kpis.RevenueRevision.BumpAsync(db, ct);
            await transaction.CommitAsync(ct);
            progress?.Report(new ImportProgress(read, opened.Length, opened.Length, clock.Elapsed));
            return Result(import, opened, kept, previous);
        }
        catch (DecoderFallbackException e)
        {
            db.ChangeTracker.Clear();
            throw new InvoiceFileException($"{opened.FileName} has bytes that are not {e.Source ?? "text"} in its encoding ({opened.Format}); save it again as UTF-8 and import that. Nothing was imported.");
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The import's transaction: one for the whole import, or (SQLite) the staging transaction followed by
    /// the one that writes, begun when the staged rows are complete.
    /// </summary>
    private sealed class ImportTransaction(KeystoneDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction current) : IAsyncDisposable
    {
        private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction _current = current;

        /// <summary>Commits the staging (temporary rows only) and begins the transaction that writes; it waits for other writers.</summary>
        public async Task WriteAfterStagingAsync(CancellationToken ct)
        {
            await _current.CommitAsync(ct);
            await _current.DisposeAsync();
            _current = await db.Database.BeginTransactionAsync(ct);
        }

        public Task CommitAsync(CancellationToken ct) => _current.CommitAsync(ct);

        public Task RollbackAsync(CancellationToken ct) => _current.RollbackAsync(ct);

        public ValueTask DisposeAsync() => _current.DisposeAsync();
    }

    private static InvoiceImportResult Result(InvoiceImport import, InvoiceFile file, List<RowProblem> kept, DateTimeOffset? previous) => new(
        import.Id, import.Status, file.Format, import.LinesRead, import.LinesImported, import.LinesDuplicate, import.LinesRejected,
        import.UnmatchedCustomers, import.ProductsCreated, import.AccountsCreated, kept, previous);

    private static async Task FinishAsync(
        KeystoneDbContext db, InvoiceImport import, InvoiceImportRequest request, InvoiceColumns columns,
        long read, long imported, long duplicates, long rejected, Run run, CancellationToken ct)
    {
        import.FinishedAt = db.Clock.GetUtcNow();
        import.LinesRead = read;
        import.LinesImported = imported;
        import.LinesDuplicate = duplicates;
        import.LinesRejected = rejected;
        import.UnmatchedCustomers = run.UnmatchedCount;
        import.ProductsCreated = import.Status == ImportStatus.Completed ? run.NewProductCount : 0;
        import.AccountsCreated = import.Status == ImportStatus.Completed ? run.NewAccountCount : 0;
        if (db.Entry(import).State == EntityState.Detached)
        {
            db.InvoiceImports.Add(import);
        }
        if (request.SaveMappingAs is { } name)
        {
            // Saved with a rejected run too: the file is usually fixed and imported again with --mapping.
            var mapping = await db.ImportMappings.SingleOrDefaultAsync(m => m.Source == import.Source && m.Name == name, ct);
            if (mapping is null)
            {
                db.ImportMappings.Add(mapping = new ImportMapping { Source = import.Source, Name = name });
            }
            mapping.Columns = columns.ToString();
            mapping.UpdatedAt = import.FinishedAt;
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task<(string Source, InvoiceColumns Columns, string Currency, TimeZoneInfo Zone, Guid? OwnerId)> CheckAsync(
        KeystoneDbContext db, RevenueOptions options, InvoiceImportRequest request, CancellationToken ct)
    {
        var v = new Validator();
        var source = v.Required("source", request.Source, RevenueLimits.Source, "Source")?.ToLowerInvariant() ?? "";
        var currency = request.DefaultCurrency is null ? options.ReportingCurrency : v.Currency("currency", request.DefaultCurrency) ?? options.ReportingCurrency;
        var zoneId = request.SourceTimeZone is null ? options.ReportingTimeZone : v.TimeZone("timeZone", request.SourceTimeZone);
        if (request.SaveMappingAs is not null)
        {
            v.Required("saveMapping", request.SaveMappingAs, 100, "Mapping name");
        }
        InvoiceColumns? columns = request.Columns;
        if (columns is null && request.MappingName is null)
        {
            v.Add("columns", "Give the columns (invoice=COL,date=COL,...) or the name of a saved mapping.");
        }
        else if (columns is null && source.Length > 0)
        {
            var saved = await db.ImportMappings.AsNoTracking().SingleOrDefaultAsync(m => m.Source == source && m.Name == request.MappingName, ct);
            if (saved is null)
            {
                var names = await db.ImportMappings.AsNoTracking().Where(m => m.Source == source).Select(m => m.Name).OrderBy(n => n).ToListAsync(ct);
                v.Add("mapping", names.Count == 0
                    ? $"There is no saved mapping '{request.MappingName}' for {source}; give the columns and --save-mapping {request.MappingName}."
                    : $"There is no saved mapping '{request.MappingName}' for {source}; the saved ones are {string.Join(", ", names)}.");
            }
            else
            {
                columns = InvoiceColumns.Parse(saved.Columns, "mapping");
            }
        }
        Guid? ownerId = null;
        if (request.CreateAccounts)
        {
            ownerId = request.AccountOwnerId ?? db.Actor.UserId;
            if (ownerId is null)
            {
                v.Add("owner", "Name the owner of the accounts the import creates.");
            }
            else
            {
                var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => new { u.Role, u.IsActive }).SingleOrDefaultAsync(ct);
                if (owner is null || !owner.IsActive)
                {
                    v.Add("owner", $"There is no active user '{ownerId}' to own the new accounts.");
                }
                else if (!owner.Role.CanOwnAccounts())
                {
                    v.Add("owner", $"A {owner.Role.DisplayName().ToLowerInvariant()} cannot own accounts; name a key account manager.");
                }
            }
        }
        v.ThrowIfInvalid();
        return (source, columns!, currency, TimeZoneInfo.FindSystemTimeZoneById(zoneId!), ownerId);
    }

    private static InvoiceLine? ToLine(ParsedRow row, decimal rate, long rowNumber, List<RowProblem> problems, LineIds ids)
    {
        if (!TryAmounts(row.Quantity, row.UnitPrice, row.UnitCost, rate, out var amount, out var cost))
        {
            problems.Add(new RowProblem(rowNumber, "", "The line's amount (quantity × unit price) is too large for Keystone."));
            return null;
        }
        return new InvoiceLine
        {
            Id = ids.Next(),
            InvoiceNumber = row.InvoiceNumber,
            InvoiceDate = row.InvoiceDate,
            InvoicedAt = row.InvoicedAt,
            SourceTimestamp = row.SourceTimestamp,
            CustomerExternalId = row.CustomerId,
            CustomerName = row.CustomerName,
            Quantity = row.Quantity,
            UnitPrice = row.UnitPrice,
            Currency = row.Currency,
            UnitCost = row.UnitCost,
            ExchangeRate = rate,
            Amount = amount,
            AmountE4 = ScaledMoney.ToE4(amount),
            CostAmount = cost,
            CostAmountE4 = cost is { } value ? ScaledMoney.ToE4(value) : null,
        };
    }

    /// <summary>
    /// Version 7 Guids (RFC 9562: milliseconds since 1970, then random bits) for the lines of one import,
    /// from one read of the clock and of the system's randomness per 256 ids rather than per id, which
    /// cost about 5 µs a line (a fifth of the import's own CPU time).
    /// </summary>
    private sealed class LineIds
    {
        private const int Batch = 256;
        private readonly byte[] _random = new byte[16 * Batch];
        private int _used = Batch;
        private long _milliseconds;

        public Guid Next()
        {
            if (_used == Batch)
            {
                System.Security.Cryptography.RandomNumberGenerator.Fill(_random);
                _milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                _used = 0;
            }
            Span<byte> bytes = stackalloc byte[16];
            _random.AsSpan(16 * _used++, 16).CopyTo(bytes);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, (_milliseconds << 16) | (long)((uint)bytes[6] << 8 | bytes[7]));
            bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
            bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
            return new Guid(bytes, bigEndian: true);
        }
    }

    /// <summary>
    /// A line's amount and cost in the reporting currency: <c>quantity × unit price (or cost) × rate</c>, to 4
    /// decimals half away from zero; false when either is too large for Keystone.
    /// </summary>
    internal static bool TryAmounts(decimal quantity, decimal unitPrice, decimal? unitCost, decimal rate, out decimal amount, out decimal? cost)
    {
        cost = null;
        try
        {
            amount = KpiRound(quantity * unitPrice * rate);
            if (unitCost is { } value)
            {
                cost = KpiRound(quantity * value * rate);
            }
        }
        catch (OverflowException)
        {
            amount = RevenueLimits.MaxAmount;
        }
        return Math.Abs(amount) < RevenueLimits.MaxAmount && (cost is not { } c || Math.Abs(c) < RevenueLimits.MaxAmount);
    }

    private static decimal KpiRound(decimal value) => Math.Round(value, RevenueLimits.MoneyScale, MidpointRounding.AwayFromZero);

    /// <summary>The invoice number of a rejected row, when its cell has one: the row still counts in its invoice's line positions.</summary>
    private static string? InvoiceNumberOf(SourceRecord record, InvoiceRowParser parser, InvoiceFile file, InvoiceColumns columns)
    {
        if (parser.HasLineColumn)
        {
            return null;
        }
        var index = file.Headers.Select((h, i) => (h, i)).First(x => string.Equals(x.h, columns.Invoice.Trim(), StringComparison.OrdinalIgnoreCase)).i;
        var text = RejectsWriter.Text(record.Cells[index]).Trim();
        return text.Length is > 0 and <= RevenueLimits.InvoiceNumber ? text : null;
    }

    private static bool Next(IEnumerator<SourceRecord> records, InvoiceFile file)
    {
        try
        {
            return records.MoveNext();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Xml.XmlException)
        {
            throw new InvoiceFileException($"{file.FileName} cannot be read to the end ({e.Message}). Nothing was imported.");
        }
    }

    private static IEnumerable<SourceRecord> Concat(List<SourceRecord> sample, IEnumerator<SourceRecord> rest, InvoiceFile file)
    {
        foreach (var record in sample)
        {
            yield return record;
        }
        sample.Clear();
        while (Next(rest, file))
        {
            yield return rest.Current;
        }
    }

    /// <summary>The state of one import: who the customers and products are, and what it must create.</summary>
    private sealed class Run(KeystoneDbContext db, string source, bool createAccounts)
    {
        private readonly Dictionary<string, Guid> _accounts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, UnmatchedCustomerStatus> _knownUnmatched = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Guid> _products = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Customer> _customers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Product> _newProducts = new(StringComparer.Ordinal);

        public ExchangeRateTable Rates { get; private set; } = null!;

        public int UnmatchedCount => _customers.Values.Count(c => c.AccountId is null);

        public int NewProductCount => _newProducts.Count;

        public int NewAccountCount => _customers.Values.Count(c => c.IsNew);

        private sealed class Customer
        {
            public Guid? AccountId { get; init; }
            public bool IsNew { get; init; }
            public string? Name { get; init; }
            public string? Country { get; init; }
        }

        public async Task LoadAsync(string reportingCurrency, CancellationToken ct)
        {
            Rates = await ExchangeRateTable.LoadAsync(db, reportingCurrency, ct);
            // Sources are matched ignoring case: "ERP" typed on an account is the import's "erp".
            var ids = await db.AccountExternalIds.AsNoTracking()
                .Where(x => x.Source.ToLower() == source)
                .Select(x => new { x.ExternalId, x.AccountId })
                .ToListAsync(ct);
            foreach (var id in ids)
            {
                _accounts[id.ExternalId] = id.AccountId;
            }
            foreach (var unmatched in await db.UnmatchedCustomers.AsNoTracking().Where(c => c.Source == source).Select(c => new { c.ExternalId, c.Status }).ToListAsync(ct))
            {
                _knownUnmatched[unmatched.ExternalId] = unmatched.Status;
            }
            foreach (var product in await db.Products.AsNoTracking().Select(p => new { p.Code, p.Id }).ToListAsync(ct))
            {
                _products[product.Code] = product.Id;
            }
        }

        public Guid? AccountOf(ParsedRow row)
        {
            if (row.CustomerId is not { } id)
            {
                return null;
            }
            if (!_customers.TryGetValue(id, out var customer))
            {
                var ignored = _knownUnmatched.GetValueOrDefault(id) == UnmatchedCustomerStatus.Ignored;
                customer = _accounts.TryGetValue(id, out var accountId)
                    ? new Customer { AccountId = accountId }
                    : createAccounts && !ignored
                        ? new Customer { AccountId = Guid.CreateVersion7(), IsNew = true, Name = row.CustomerName, Country = row.Country }
                        : new Customer { Name = row.CustomerName, Country = row.Country };
                _customers[id] = customer;
            }
            return customer.AccountId;
        }

        public Guid ProductOf(ParsedRow row)
        {
            if (_products.TryGetValue(row.ProductCode, out var id))
            {
                return id;
            }
            var product = new Product { Code = row.ProductCode, Name = row.ProductName ?? row.ProductCode, CreatedByImport = true };
            _newProducts[product.Code] = product;
            _products[product.Code] = product.Id;
            return product.Id;
        }

        /// <summary>
        /// In the transaction that writes, before the catalogue: products and customers' accounts that someone
        /// added while the file was read (loaded before, they were new or unmatched then) are used for the
        /// staged lines instead of being added a second time or left unattributed. True when it found any.
        /// </summary>
        private async Task<bool> ReconcileAsync(CancellationToken ct)
        {
            var found = false;
            if (_newProducts.Count > 0)
            {
                var codes = _newProducts.Keys.ToList();
                var added = await db.Products.AsNoTracking().Where(p => codes.Contains(p.Code)).Select(p => new { p.Code, p.Id }).ToListAsync(ct);
                foreach (var product in added)
                {
                    await InvoiceLineStaging.ReassignAsync(db, nameof(InvoiceLine.ProductId), product.Id, nameof(InvoiceLine.ProductId), _newProducts[product.Code].Id, ct);
                    _newProducts.Remove(product.Code);
                    _products[product.Code] = product.Id;
                    found = true;
                }
            }
            var open = _customers.Where(c => c.Value.AccountId is null || c.Value.IsNew).Select(c => c.Key).ToList();
            if (open.Count > 0)
            {
                var matched = await db.AccountExternalIds.AsNoTracking()
                    .Where(x => x.Source.ToLower() == source && open.Contains(x.ExternalId))
                    .Select(x => new { x.ExternalId, x.AccountId })
                    .ToListAsync(ct);
                foreach (var id in matched)
                {
                    await InvoiceLineStaging.ReassignAsync(db, nameof(InvoiceLine.AccountId), id.AccountId, nameof(InvoiceLine.CustomerExternalId), id.ExternalId, ct);
                    var customer = _customers[id.ExternalId];
                    _customers[id.ExternalId] = new Customer { AccountId = id.AccountId, Name = customer.Name, Country = customer.Country };
                    _accounts[id.ExternalId] = id.AccountId;
                    found = true;
                }
            }
            return found;
        }

        /// <summary>
        /// Adds the new products, the new accounts and the unmatched customers, before the lines that refer to
        /// them, after <see cref="ReconcileAsync"/>. On PostgreSQL another import (or a person) may have added the
        /// same product or customer id in a transaction that was not committed when this one looked: the insert
        /// then waits for it and fails on the unique key. EF Core rolls the save back to its savepoint; what was
        /// added meanwhile is then found and used, and the rest written again.
        /// </summary>
        public async Task WriteCatalogAsync(Guid? ownerId, DateTimeOffset now, CancellationToken ct)
        {
            await ReconcileAsync(ct);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await AddCatalogAsync(ownerId, now, ct);
                    return;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
                    {
                        entry.State = EntityState.Detached;
                    }
                    if (!await ReconcileAsync(ct))
                    {
                        throw;
                    }
                }
            }
        }

        private async Task AddCatalogAsync(Guid? ownerId, DateTimeOffset now, CancellationToken ct)
        {
            foreach (var product in _newProducts.Values)
            {
                product.CreatedAt = now;
                db.Products.Add(product);
            }
            var tracked = await db.UnmatchedCustomers.Where(c => c.Source == source).ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, ct);
            foreach (var (externalId, customer) in _customers)
            {
                if (customer.AccountId is not null && !customer.IsNew)
                {
                    continue;
                }
                if (customer.IsNew)
                {
                    db.Accounts.Add(new Account
                    {
                        Id = customer.AccountId!.Value,
                        Name = customer.Name ?? externalId,
                        Country = customer.Country,
                        OwnerId = ownerId!.Value,
                        ExternalIds = [new AccountExternalId { AccountId = customer.AccountId.Value, Source = source, ExternalId = externalId }],
                    });
                }
                if (!tracked.TryGetValue(externalId, out var unmatched))
                {
                    db.UnmatchedCustomers.Add(unmatched = new UnmatchedCustomer { Source = source, ExternalId = externalId, FirstSeenAt = now });
                }
                unmatched.Name = customer.Name ?? unmatched.Name;
                unmatched.Country = customer.Country ?? unmatched.Country;
                unmatched.LastSeenAt = now;
                if (customer.IsNew)
                {
                    unmatched.Status = UnmatchedCustomerStatus.Created;
                    unmatched.AccountId = customer.AccountId;
                }
            }
            await db.SaveChangesAsync(ct);
        }

        /// <summary>Gives the lines stored earlier for customers that now have an account that account, and recounts the unmatched ones' lines.</summary>
        public async Task AttributeAsync(CancellationToken ct)
        {
            foreach (var (externalId, customer) in _customers.Where(c => c.Value.IsNew))
            {
                await db.InvoiceLines.IgnoreQueryFilters()
                    .Where(l => l.Source == source && l.CustomerExternalId == externalId && l.AccountId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.AccountId, customer.AccountId), ct);
            }
            await db.UnmatchedCustomers
                .Where(c => c.Source == source && c.Status != UnmatchedCustomerStatus.Created && c.Status != UnmatchedCustomerStatus.Linked)
                .ExecuteUpdateAsync(s => s.SetProperty(
                    c => c.LineCount,
                    c => db.InvoiceLines.IgnoreQueryFilters().Count(l => l.Source == c.Source && l.CustomerExternalId == c.ExternalId && l.AccountId == null)), ct);
        }
    }
}

/// <summary>Amounts in ten-thousandths of a currency unit, the integer form that SQLite sums exactly (ADR 0004).</summary>
public static class ScaledMoney
{
    public const decimal Scale = 10_000m;

    /// <exception cref="ArgumentException">The amount has more than 4 decimals.</exception>
    public static long ToE4(decimal amount)
    {
        var scaled = amount * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException($"{amount.ToString(CultureInfo.InvariantCulture)} has more than 4 decimals.", nameof(amount));
        }
        return decimal.ToInt64(scaled);
    }

    public static decimal FromE4(long scaled) => scaled / Scale;
}
