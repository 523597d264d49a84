using System.Globalization;
using System.Linq.Expressions;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>What to compute: a scope's KPIs for every period from <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record KpiRequest(KpiScope Scope, PeriodGranularity Granularity, Period From, Period To)
{
    /// <summary>The longest range one request may ask for: 20 years of months.</summary>
    public const int MaxPeriods = 240;

    /// <summary>
    /// The request from text as typed: the scope (see <see cref="KpiScope.Parse"/>), <c>month</c>,
    /// <c>quarter</c> or <c>year</c> (month when empty), and the first and last periods, each written
    /// <c>2011-03</c> (or <c>2011-Q1</c>, <c>2011</c>) and widened to the granularity asked for.
    /// </summary>
    /// <exception cref="ValidationException">Each invalid field is named: scope, period, from, to.</exception>
    public static KpiRequest Parse(string? scope, string? period, string? from, string? to)
    {
        var v = new Validator();
        KpiScope? parsedScope = null;
        try
        {
            parsedScope = KpiScope.Parse(scope);
        }
        catch (ValidationException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                v.Add("scope", message);
            }
        }
        var granularity = period?.Trim().ToLowerInvariant() switch
        {
            null or "" or "month" => PeriodGranularity.Month,
            "quarter" => PeriodGranularity.Quarter,
            "year" => PeriodGranularity.Year,
            _ => (PeriodGranularity?)null,
        };
        if (granularity is null)
        {
            v.Add("period", $"'{period}' is not a period length; use month, quarter or year.");
        }
        var first = Bound(v, "from", from);
        var last = Bound(v, "to", to);
        Period start = default, end = default;
        if (v.IsValid)
        {
            start = Period.For(first!.Value.Start, granularity!.Value);
            end = Period.For(last!.Value.LastDay, granularity.Value);
            if (end < start)
            {
                v.Add("to", $"The range ends ({end}) before it starts ({start}); give a 'to' on or after 'from'.");
            }
            else if (Period.Range(start, end).Length > MaxPeriods)
            {
                v.Add("to", $"The range holds more than {MaxPeriods} periods; ask for a shorter range or a longer period (quarter or year).");
            }
        }
        v.ThrowIfInvalid();
        return new KpiRequest(parsedScope!, granularity!.Value, start, end);
    }

    private static Period? Bound(Validator v, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add(field, $"'{field}' is required: the {(field == "from" ? "first" : "last")} month, such as 2011-03.");
            return null;
        }
        if (!Period.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var parsed))
        {
            v.Add(field, $"'{text}' is not a month; write it as 2011-03 (a quarter as 2011-Q1 or a year as 2011 work too).");
            return null;
        }
        return parsed;
    }
}

/// <summary>
/// A scope after its access checks: which invoice lines and which accounts it holds, and for a KAM or a
/// team the users whose meetings and calls count (null for the company and for account scopes).
/// </summary>
public sealed record ResolvedKpiScope(
    KpiScope Scope,
    Expression<Func<InvoiceLine, bool>> Lines,
    Expression<Func<Accounts.Account, bool>> Accounts,
    IReadOnlyList<Guid>? Users);

/// <summary>One period's KPIs of a scope, and for the company the revenue of lines with no account, reported apart.</summary>
public sealed record KpiPeriodResult(KpiSnapshot Snapshot, decimal? UnattributedRevenue);

/// <summary>
/// One period's KPIs as the API, the CLI's JSON and the table show them: the fields of the CSV
/// (<see cref="KpiCsv"/>) plus gross margin, revenue growth and unattributed revenue. Rates are
/// fractions and exact (rounding is for display); null where a KPI is undefined.
/// </summary>
public sealed record KpiRow(
    string Period,
    int Active,
    int Retained,
    int New,
    int Reactivated,
    decimal? Retention,
    decimal? LogoChurn,
    decimal? Grr,
    decimal? Nrr,
    decimal Revenue,
    int AdditionalOfferings,
    decimal? GrossMargin,
    decimal? RevenueGrowth,
    decimal? UnattributedRevenue,
    decimal? GrossMarginGrowth = null,
    int UncostedLines = 0)
{
    public static KpiRow From(KpiPeriodResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Snapshot;
        return new(
            s.Period.ToString(),
            s.Active,
            s.Customers.Retained,
            s.Customers.New,
            s.Customers.Reactivated,
            s.RetentionRate,
            s.LogoChurnRate,
            s.Grr,
            s.Nrr,
            s.NetRevenue,
            s.AdditionalOfferings,
            s.GrossMargin.Value,
            s.RevenueGrowth,
            result.UnattributedRevenue,
            s.GrossMarginGrowth,
            s.GrossMargin.UncostedLines);
    }
}

/// <summary>
/// The KPIs of a scope over a range of periods, from the invoice lines in the database (KPIS.md).
/// Sums are taken in SQL per account and month over the scaled amounts (<see cref="InvoiceLine.AmountE4"/>,
/// exact on both databases, ADR 0004), rolled up to quarters or years in memory, and fed to the pure
/// calculations (<see cref="KpiSnapshot.Compute"/>).
/// </summary>
/// <remarks>
/// Whether an account was active before <c>P-1</c>, or bought an offering before <c>P</c>, depends on
/// all of its history, so the lines are read from the earliest one up to the end of the range; only
/// the per-month sums leave the database. Every query goes through the query filters of the current
/// actor, and the scope itself must be within their sight (<see cref="ResolveAsync"/>).
/// Gross margin counts a line's own cost, else the product's standard cost for the line's date; a line
/// with neither makes the period's margin unknown ("—").
/// </remarks>
public static class KpiQuery
{
    public static async Task<IReadOnlyList<KpiPeriodResult>> HandleAsync(KeystoneDbContext db, KpiRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        return await HandleAsync(db, request, await ResolveScopeAsync(db, request.Scope, ct), ct);
    }

    /// <summary>The same, for a caller that has already resolved the request's scope (<see cref="ResolveScopeAsync"/>), so its access checks run once.</summary>
    public static async Task<IReadOnlyList<KpiPeriodResult>> HandleAsync(KeystoneDbContext db, KpiRequest request, ResolvedKpiScope resolved, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resolved);
        if (resolved.Scope != request.Scope)
        {
            throw new ArgumentException("The resolved scope is not the request's.", nameof(resolved));
        }
        if (request.Scope.Kind is KpiScopeKind.Kam or KpiScopeKind.Team)
        {
            // Scorecards: stored per set of accounts and revision (ADR 0016).
            return await ScopeSnapshots.HandleAsync(db, request, resolved, ct);
        }
        if (request.Scope.Kind != KpiScopeKind.Company)
        {
            return await ComputeAsync(db, request, resolved, ct);
        }
        // Only those who see every account reach here (ResolveScopeAsync), and they all see the same
        // company figures, so one stored copy serves them all. The revision is read before anything it
        // stands for: figures stored under it are at least as new as it, and a later write makes them
        // stale (not used), never wrong (ADR 0012).
        var revision = await RevenueRevision.ReadAsync(db, ct);
        var periods = Period.Range(request.From, request.To);
        if (await CompanySnapshots.ReadAsync(db, request.Granularity, periods, revision, ct) is { } stored)
        {
            return stored;
        }
        var computed = await ComputeAsync(db, request, resolved, ct);
        await CompanySnapshots.StoreAsync(db, revision, computed, ct);
        return computed;
    }

    /// <summary>
    /// The engine itself. The result of a period depends only on the lines dated before its end: the
    /// sums are per period, and "active before P-1" or "bought before P" compare a first period with
    /// P-1 or P, which later lines cannot change. So a period computes the same in any range that
    /// holds it, which is what lets the company's periods be stored one by one (<see cref="CompanySnapshots"/>).
    /// </summary>
    internal static async Task<IReadOnlyList<KpiPeriodResult>> ComputeAsync(KeystoneDbContext db, KpiRequest request, ResolvedKpiScope resolved, CancellationToken ct)
    {
        var periods = Period.Range(request.From, request.To);
        var end = request.To.End;
        var granularity = request.Granularity;
        var company = request.Scope.Kind == KpiScopeKind.Company;
        // The periods whose sums the results need: the one before the first asked (for P-1), then every asked one.
        var slots = new PeriodSlots(request.From.Previous(), periods.Length + 1);

        var lines = db.InvoiceLines.AsNoTracking().Where(l => l.InvoiceDate < end);
        var scoped = lines.Where(resolved.Lines);

        // Revenue and margin per account (null: unattributed) and month, one account after the other, so that
        // only what the results need of each account is kept: its first active period and its sums in the slots.
        // A company has about one row per account and month, which need not all be in memory at once.
        var months = (company ? lines : scoped)
            .GroupBy(l => new { l.AccountId, l.InvoiceDate.Year, l.InvoiceDate.Month })
            .Select(g => new
            {
                g.Key.AccountId,
                g.Key.Year,
                g.Key.Month,
                AmountE4 = g.Sum(l => l.AmountE4),
                MarginE4 = g.Sum(l => l.CostAmountE4 == null ? 0L : l.AmountE4 - l.CostAmountE4.Value),
                Uncosted = g.Count(l => l.CostAmountE4 == null),
            })
            .OrderBy(r => r.AccountId)
            .AsAsyncEnumerable();

        var revenue = new Dictionary<Guid, long?[]>();
        var firstActive = new Dictionary<Guid, Period>();
        var margin = new Dictionary<Period, GrossMargin>();
        var unattributed = new Dictionary<Period, long>();
        var anyUncosted = false;
        var account = new AccountSums(slots, revenue, firstActive);
        await foreach (var row in months.WithCancellation(ct))
        {
            var bucket = Period.For(new DateOnly(row.Year, row.Month, 1), granularity);
            if (row.AccountId is not { } accountId)
            {
                unattributed[bucket] = unattributed.GetValueOrDefault(bucket) + row.AmountE4;
                continue;
            }
            account.Add(accountId, bucket, row.AmountE4);
            margin[bucket] = margin.GetValueOrDefault(bucket) + new GrossMargin(ScaledMoney.FromE4(row.MarginE4), row.Uncosted);
            anyUncosted |= row.Uncosted > 0;
        }
        account.Finish();

        if (anyUncosted)
        {
            await ApplyStandardCostsAsync(db, company ? lines : scoped, granularity, margin, ct);
        }

        var additional = await AdditionalOfferingsAsync(db, scoped, granularity, slots, firstActive, ct);

        var results = new List<KpiPeriodResult>(periods.Length);
        var accounts = new List<AccountRevenue>();
        for (var i = 0; i < periods.Length; i++)
        {
            var period = periods[i];
            var previous = period.Previous();
            accounts.Clear();
            foreach (var (accountId, sums) in revenue)
            {
                var (before, current) = (sums[i], sums[i + 1]);
                if (current is not null || before is not null)
                {
                    var activeBeforePrevious = firstActive.TryGetValue(accountId, out var first) && first < previous;
                    accounts.Add(new AccountRevenue(accountId, ScaledMoney.FromE4(before ?? 0), ScaledMoney.FromE4(current ?? 0), activeBeforePrevious));
                }
            }
            var snapshot = KpiSnapshot.Compute(
                period,
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(accounts),
                default,
                margin.GetValueOrDefault(period),
                margin.GetValueOrDefault(previous)) with { AdditionalOfferings = additional[i + 1] };
            results.Add(new KpiPeriodResult(snapshot, company ? ScaledMoney.FromE4(unattributed.GetValueOrDefault(period)) : null));
        }
        return results;
    }

    /// <summary>The earliest period whose net sum is above 0: when an account was first active, or an offering first bought.</summary>
    private static Period? FirstAboveZero<T>(Dictionary<Period, T> sums)
        where T : System.Numerics.INumber<T>
    {
        Period? first = null;
        foreach (var (period, sum) in sums)
        {
            if (sum > T.Zero && (first is null || period < first))
            {
                first = period;
            }
        }
        return first;
    }

    /// <summary>Consecutive periods from a first one, numbered from 0: where a period's sums go.</summary>
    private readonly record struct PeriodSlots(Period First, int Count)
    {
        /// <summary>The slot of <paramref name="period"/> (of the same granularity), or -1 outside.</summary>
        public int Of(Period period) => period >= First && period.StepsAfter(First) is var slot && slot < Count ? slot : -1;
    }

    /// <summary>
    /// One account's revenue per period as its rows come (all of an account's rows one after the other),
    /// kept as the results need it once the account is complete: its first period with net revenue above 0,
    /// and its sums in the slots (null where it has no line).
    /// </summary>
    private sealed class AccountSums(PeriodSlots slots, Dictionary<Guid, long?[]> revenue, Dictionary<Guid, Period> firstActive)
    {
        private readonly Dictionary<Period, long> _sums = [];
        private Guid? _account;

        public void Add(Guid account, Period period, long amountE4)
        {
            if (_account != account)
            {
                Finish();
                _account = account;
            }
            _sums[period] = _sums.GetValueOrDefault(period) + amountE4;
        }

        public void Finish()
        {
            if (_account is not { } account)
            {
                return;
            }
            if (revenue.ContainsKey(account) || firstActive.ContainsKey(account))
            {
                throw new InvalidOperationException("The KPI engine read an account's revenue rows apart; they must come one account after the other.");
            }
            long?[]? inSlots = null;
            foreach (var (period, sum) in _sums)
            {
                if (slots.Of(period) is var slot and >= 0)
                {
                    inSlots ??= new long?[slots.Count];
                    inSlots[slot] = sum;
                }
            }
            if (FirstAboveZero(_sums) is { } active)
            {
                firstActive[account] = active;
            }
            if (inSlots is not null)
            {
                revenue[account] = inSlots;
            }
            _sums.Clear();
            _account = null;
        }
    }

    /// <summary>
    /// Gives each account line without a unit cost of its own the product's standard cost effective on
    /// the line's date (<see cref="StandardCosts"/>), converted with the line's own exchange rate exactly
    /// as its revenue was, and rounded as the import rounds a line's cost. A line whose product has no
    /// standard cost in the line's currency on that date stays uncosted, and its period's margin "—".
    /// </summary>
    private static async Task ApplyStandardCostsAsync(
        KeystoneDbContext db, IQueryable<InvoiceLine> lines, PeriodGranularity granularity, Dictionary<Period, GrossMargin> margin, CancellationToken ct)
    {
        var uncosted = lines.Where(l => l.AccountId != null && l.CostAmountE4 == null);
        var costs = await db.ProductCosts.AsNoTracking()
            .Where(c => uncosted.Any(l => l.ProductId == c.ProductId))
            .Select(c => new ProductCostRow(c.ProductId, c.Currency, c.EffectiveFrom, c.UnitCost))
            .ToListAsync(ct);
        if (costs.Count == 0)
        {
            return;
        }
        var table = new StandardCosts(costs);
        var rows = uncosted.Select(l => new { l.InvoiceDate, l.ProductId, l.Currency, l.Quantity, l.ExchangeRate, l.AmountE4 });
        await foreach (var line in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (table.CostAmount(line.ProductId, line.Currency, line.InvoiceDate, line.Quantity, line.ExchangeRate) is not { } cost)
            {
                continue;
            }
            var bucket = Period.For(line.InvoiceDate, granularity);
            var before = margin.GetValueOrDefault(bucket);
            margin[bucket] = new GrossMargin(before.CostedAmount + ScaledMoney.FromE4(line.AmountE4) - cost, before.UncostedLines - 1);
        }
    }

    /// <summary>
    /// The additional offerings of each slot (KPIS.md, "Additional services purchased"): per account and
    /// offering, the first period whose net quantity is above 0 counts when it is in a slot and the account
    /// was active before it. An offering is the product's category when it has one, else the product.
    /// The rows come one account and offering after the other, so only one offering's periods are held at
    /// a time. PostgreSQL sums the quantities per month in SQL; SQLite stores decimals as text and cannot,
    /// so there the lines stream through and are summed here (ADR 0004).
    /// </summary>
    private static async Task<int[]> AdditionalOfferingsAsync(
        KeystoneDbContext db, IQueryable<InvoiceLine> scoped, PeriodGranularity granularity, PeriodSlots slots,
        Dictionary<Guid, Period> firstActive, CancellationToken ct)
    {
        var lines =
            from l in scoped
            where l.AccountId != null
            join p in db.Products on l.ProductId equals p.Id
            select new { AccountId = l.AccountId!.Value, p.Category, l.ProductId, l.InvoiceDate.Year, l.InvoiceDate.Month, l.Quantity };

        var additional = new int[slots.Count];
        var sums = new Dictionary<Period, decimal>();
        (Guid Account, string? Category, Guid Product)? offering = null;
        void Finish()
        {
            if (offering is not { } done)
            {
                return;
            }
            if (FirstAboveZero(sums) is { } first && slots.Of(first) is var slot and >= 0
                && firstActive.TryGetValue(done.Account, out var active) && active < first)
            {
                additional[slot]++;
            }
            sums.Clear();
        }
        void Add(Guid account, string? category, Guid product, int year, int month, decimal quantity)
        {
            var key = (account, category, category is null ? product : Guid.Empty);
            if (offering != key)
            {
                Finish();
                offering = key;
            }
            var bucket = Period.For(new DateOnly(year, month, 1), granularity);
            sums[bucket] = sums.GetValueOrDefault(bucket) + quantity;
        }

        if (db.IsSqlite)
        {
            var byCategoryLines = lines.Where(l => l.Category != null).OrderBy(l => l.AccountId).ThenBy(l => l.Category).AsAsyncEnumerable();
            await foreach (var line in byCategoryLines.WithCancellation(ct))
            {
                Add(line.AccountId, line.Category, line.ProductId, line.Year, line.Month, line.Quantity);
            }
            var byProductLines = lines.Where(l => l.Category == null).OrderBy(l => l.AccountId).ThenBy(l => l.ProductId).AsAsyncEnumerable();
            await foreach (var line in byProductLines.WithCancellation(ct))
            {
                Add(line.AccountId, null, line.ProductId, line.Year, line.Month, line.Quantity);
            }
            Finish();
            return additional;
        }
        // Products with a category are summed per category (the offering), the others per product: far
        // fewer groups than one per product, streamed rather than held in a list.
        var byCategory = lines.Where(l => l.Category != null)
            .GroupBy(l => new { l.AccountId, l.Category, l.Year, l.Month })
            .Select(g => new { g.Key.AccountId, g.Key.Category, g.Key.Year, g.Key.Month, Quantity = g.Sum(l => l.Quantity) })
            .OrderBy(g => g.AccountId).ThenBy(g => g.Category)
            .AsAsyncEnumerable();
        await foreach (var sum in byCategory.WithCancellation(ct))
        {
            Add(sum.AccountId, sum.Category, Guid.Empty, sum.Year, sum.Month, sum.Quantity);
        }
        var byProduct = lines.Where(l => l.Category == null)
            .GroupBy(l => new { l.AccountId, l.ProductId, l.Year, l.Month })
            .Select(g => new { g.Key.AccountId, g.Key.ProductId, g.Key.Year, g.Key.Month, Quantity = g.Sum(l => l.Quantity) })
            .OrderBy(g => g.AccountId).ThenBy(g => g.ProductId)
            .AsAsyncEnumerable();
        await foreach (var sum in byProduct.WithCancellation(ct))
        {
            Add(sum.AccountId, null, sum.ProductId, sum.Year, sum.Month, sum.Quantity);
        }
        Finish();
        return additional;
    }

    /// <summary>
    /// Which lines a scope holds, after checking that the scope is within the actor's sight: the whole
    /// company only for those who see every account; an account they can see (else not found); a KAM
    /// or team only of themselves or someone they manage, unless they see everything.
    /// </summary>
    /// <exception cref="NotFoundException">The account or user does not exist or is not visible.</exception>
    /// <exception cref="ForbiddenException">The scope is wider than the actor may see.</exception>
    public static async Task<ResolvedKpiScope> ResolveScopeAsync(KeystoneDbContext db, KpiScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var actor = db.Actor;
        switch (scope.Kind)
        {
            case KpiScopeKind.Company:
                if (!actor.SeesAll)
                {
                    throw new ForbiddenException(
                        "Only administrators, heads of KAM and viewers see the whole company's KPIs; ask for kam:YOUR-EMAIL, team:YOUR-EMAIL or one of your accounts instead.");
                }
                return new(scope, l => l.AccountId != null, a => true, null);

            case KpiScopeKind.Account:
            {
                var id = scope.AccountId;
                await RequireAccountAsync(db, id, ct);
                return new(scope, l => l.AccountId == id, a => a.Id == id, null);
            }

            case KpiScopeKind.AccountTree:
            {
                await RequireAccountAsync(db, scope.AccountId, ct);
                // The hierarchy as the actor sees it: a subsidiary they cannot see brings no lines anyway.
                var parents = await db.Accounts.AsNoTracking()
                    .Where(a => a.ParentAccountId != null)
                    .Select(a => new { a.Id, ParentId = a.ParentAccountId!.Value })
                    .ToListAsync(ct);
                var children = parents.ToLookup(a => a.ParentId, a => a.Id);
                var tree = new HashSet<Guid> { scope.AccountId };
                var queue = new Queue<Guid>([scope.AccountId]);
                while (queue.Count > 0)
                {
                    foreach (var child in children[queue.Dequeue()])
                    {
                        if (tree.Add(child))
                        {
                            queue.Enqueue(child);
                        }
                    }
                }
                var ids = tree.ToArray();
                return new(scope, l => l.AccountId != null && ids.Contains(l.AccountId.Value), a => ids.Contains(a.Id), null);
            }

            case KpiScopeKind.Kam:
            {
                var userId = await RequireUserAsync(db, scope.Email!, ct);
                return new(scope, l => l.AccountId != null && l.Account!.OwnerId == userId, a => a.OwnerId == userId, [userId]);
            }

            default:
            {
                var userId = await RequireUserAsync(db, scope.Email!, ct);
                var managers = await db.Users.AsNoTracking()
                    .Where(u => u.ManagerId != null)
                    .Select(u => new { u.Id, ManagerId = u.ManagerId!.Value })
                    .ToListAsync(ct);
                var reports = managers.ToLookup(u => u.ManagerId, u => u.Id);
                var team = new HashSet<Guid> { userId };
                var queue = new Queue<Guid>([userId]);
                while (queue.Count > 0)
                {
                    foreach (var report in reports[queue.Dequeue()])
                    {
                        if (team.Add(report))
                        {
                            queue.Enqueue(report);
                        }
                    }
                }
                var owners = team.ToArray();
                return new(scope, l => l.AccountId != null && owners.Contains(l.Account!.OwnerId), a => owners.Contains(a.OwnerId), owners);
            }
        }
    }

    private static async Task RequireAccountAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == id, ct))
        {
            throw new NotFoundException("Account", id);
        }
    }

    private static async Task<Guid> RequireUserAsync(KeystoneDbContext db, string email, CancellationToken ct)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("User", email.Trim());
        var actor = db.Actor;
        if (!actor.SeesAll && !actor.VisibleUserIds.Contains(user))
        {
            throw new ForbiddenException(
                $"You may see the KPIs of yourself and of the people you manage only, and {email.Trim()} is neither; ask for kam:YOUR-EMAIL or team:YOUR-EMAIL.");
        }
        return user;
    }
}
