using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>One account's net revenue in one month, in the reporting currency.</summary>
public readonly record struct AccountMonth(Guid AccountId, Period Month, decimal Revenue);

/// <summary>
/// One cohort: the accounts whose first month of positive net revenue is <see cref="Month"/>, and how
/// many of them were active (net revenue &gt; 0) in each month since: <c>Active[0]</c> in the cohort's
/// own month (always all of them), <c>Active[k]</c> <c>k</c> months later, up to the last month asked for.
/// </summary>
public sealed record Cohort(string Month, int Size, IReadOnlyList<int> Active)
{
    /// <summary><c>Active[k] / Size</c>: the share of the cohort active <paramref name="monthsSince"/> months after its first.</summary>
    public decimal? Share(int monthsSince) =>
        monthsSince >= 0 && monthsSince < Active.Count ? KpiMath.Ratio(Active[monthsSince], Size) : null;
}

/// <summary>The cohort table of a scope: cohorts from <see cref="From"/> to <see cref="To"/>, oldest first.</summary>
public sealed record CohortTable(string Scope, string From, string To, IReadOnlyList<Cohort> Cohorts)
{
    /// <summary>The widest row: the oldest cohort's months since, plus its own.</summary>
    public int Columns => Cohorts.Count == 0 ? 0 : Cohorts.Max(c => c.Active.Count);
}

/// <summary>
/// Cohort retention by month of first purchase (issue 4, "Dashboards").
/// <list type="bullet">
/// <item>An account's <b>cohort</b> is the first calendar month (reporting time zone) in which its net
/// revenue is greater than 0, over all its history; an account that never had one is in no cohort.</item>
/// <item>The cell of cohort <c>c</c> and column <c>k</c> ("months since", from 0) is the number of the
/// cohort's accounts active in month <c>c + k</c> (net revenue &gt; 0, KPIS.md's "active") divided by the
/// cohort's size. Column 0 is 100 % by definition; an account may leave and come back, so a later
/// column can be higher than an earlier one.</item>
/// <item>A row stops at the last month asked for: the months after it have not happened yet.</item>
/// </list>
/// </summary>
public static class CohortRetention
{
    public const int MaxCohorts = 60;

    /// <summary>The cohorts from <paramref name="from"/> to <paramref name="to"/> (months), from the monthly revenue of every account of a scope.</summary>
    public static IReadOnlyList<Cohort> Compute(IEnumerable<AccountMonth> months, Period from, Period to)
    {
        ArgumentNullException.ThrowIfNull(months);
        if (from.Granularity != PeriodGranularity.Month || to.Granularity != PeriodGranularity.Month)
        {
            throw new ArgumentException("Cohorts are by month.", nameof(from));
        }
        var activeMonths = new Dictionary<Guid, HashSet<Period>>();
        foreach (var group in months.GroupBy(m => (m.AccountId, m.Month)))
        {
            if (group.Sum(m => m.Revenue) > 0)
            {
                if (!activeMonths.TryGetValue(group.Key.AccountId, out var set))
                {
                    activeMonths[group.Key.AccountId] = set = [];
                }
                set.Add(group.Key.Month);
            }
        }
        var byCohort = activeMonths.GroupBy(a => a.Value.Min()).ToDictionary(g => g.Key, g => g.Select(a => a.Value).ToList());
        var result = new List<Cohort>();
        foreach (var month in Period.Range(from, to))
        {
            var members = byCohort.GetValueOrDefault(month) ?? [];
            var columns = Period.Range(month, to);
            result.Add(new Cohort(month.ToString(), members.Count, [.. columns.Select(m => members.Count(set => set.Contains(m)))]));
        }
        return result;
    }

    /// <summary>The cohort table of a scope, from the invoice lines the actor can see.</summary>
    /// <param name="from">The first cohort; by default the 12th month before <paramref name="to"/>, so that 12 months since show.</param>
    /// <param name="to">The last month shown; by default the last whole month.</param>
    public static async Task<CohortTable> HandleAsync(
        KeystoneDbContext db, string? scope, string? from, string? to, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (parsed, last) = KpiInput.Parse(db, scope, "month", to, zone);
        var first = string.IsNullOrWhiteSpace(from) ? last.Offset(-12) : KpiInput.Parse(db, scope, "month", from, zone, "from").Period;
        if (first > last)
        {
            throw new Common.ValidationException("from", $"The first cohort ({first}) comes after the last month ({last}); give a 'from' on or before 'to'.");
        }
        if (Period.Range(first, last).Length > MaxCohorts)
        {
            throw new Common.ValidationException("from", $"Ask for at most {MaxCohorts} cohorts at a time.");
        }
        var resolved = await KpiQuery.ResolveScopeAsync(db, parsed, ct);
        var end = last.End;
        var rows = await db.InvoiceLines.AsNoTracking().Where(resolved.Lines)
            .Where(l => l.InvoiceDate < end)
            .GroupBy(l => new { AccountId = l.AccountId!.Value, l.InvoiceDate.Year, l.InvoiceDate.Month })
            .Select(g => new { g.Key.AccountId, g.Key.Year, g.Key.Month, AmountE4 = g.Sum(l => l.AmountE4) })
            .ToListAsync(ct);
        var months = rows.Select(r => new AccountMonth(r.AccountId, Period.OfMonth(r.Year, r.Month), Revenue.ScaledMoney.FromE4(r.AmountE4)));
        return new CohortTable(parsed.ToString(), first.ToString(), last.ToString(), Compute(months, first, last));
    }
}
