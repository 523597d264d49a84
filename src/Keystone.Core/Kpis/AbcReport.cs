using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>One account in the ABC table.</summary>
/// <param name="Share">The account's share of the positive total; null when its revenue is not positive.</param>
/// <param name="ShareBefore"><c>c</c>: the share ranked before the account, which decides its class; null when its revenue is not positive.</param>
/// <param name="CumulativeShare">The share up to and including the account: the Pareto curve; null when its revenue is not positive.</param>
public sealed record AbcRow(int Rank, Guid AccountId, string Account, decimal Revenue, decimal? Share, decimal? ShareBefore, decimal? CumulativeShare, AbcClass Class);

/// <summary>How many accounts and how much revenue each class holds.</summary>
public sealed record AbcClassTotal(AbcClass Class, int Accounts, decimal Revenue);

/// <summary>
/// The ABC (Pareto) classes of a scope's accounts over the 12 months ending with <see cref="To"/>, with
/// the cut-offs that produced them (settings <c>Kpis:Abc:A</c> and <c>Kpis:Abc:B</c>).
/// </summary>
public sealed record AbcReportResult(string Scope, string From, string To, decimal ThresholdA, decimal ThresholdB, decimal PositiveRevenue,
    IReadOnlyList<AbcClassTotal> Classes, IReadOnlyList<AbcRow> Accounts);

/// <summary>
/// The ABC report (KPIS.md, "Portfolio classification"): every account of the scope, ranked by net
/// revenue over the trailing 12 months, highest first, ties by account id, classed by
/// <see cref="AbcClassification"/>. Accounts of the scope without revenue in those months are listed
/// too, as C, with revenue 0.
/// </summary>
public static class AbcReport
{
    public const int Months = 12;

    public static async Task<AbcReportResult> HandleAsync(
        KeystoneDbContext db, string? scope, string? to, AbcThresholds thresholds, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (parsed, last) = KpiInput.Parse(db, scope, "month", to, zone);
        var first = last.Offset(-(Months - 1));
        var resolved = await KpiQuery.ResolveScopeAsync(db, parsed, ct);
        var (start, end) = (first.Start, last.End);
        var sums = await db.InvoiceLines.AsNoTracking().Where(resolved.Lines)
            .Where(l => l.InvoiceDate >= start && l.InvoiceDate < end)
            .GroupBy(l => l.AccountId!.Value)
            .Select(g => new { AccountId = g.Key, AmountE4 = g.Sum(l => l.AmountE4) })
            .ToDictionaryAsync(x => x.AccountId, x => x.AmountE4, ct);
        var names = await db.Accounts.AsNoTracking().Where(resolved.Accounts).Select(a => new { a.Id, a.Name }).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var amounts = names.Keys.Select(id => new AccountAmount(id, Revenue.ScaledMoney.FromE4(sums.GetValueOrDefault(id)))).ToArray();
        var ranking = AbcClassification.Classify(amounts, thresholds);
        var total = ranking.Where(r => r.Revenue > 0).Sum(r => r.Revenue);
        var rows = ranking.Select(r => new AbcRow(
            r.Rank,
            r.AccountId,
            names[r.AccountId],
            r.Revenue,
            r.ShareBefore is null ? null : r.Revenue / total,
            r.ShareBefore,
            r.ShareBefore is { } before ? before + (r.Revenue / total) : null,
            r.Class)).ToList();
        var classes = Enum.GetValues<AbcClass>()
            .Select(c => new AbcClassTotal(c, rows.Count(r => r.Class == c), rows.Where(r => r.Class == c).Sum(r => r.Revenue)))
            .ToList();
        return new AbcReportResult(parsed.ToString(), first.ToString(), last.ToString(), thresholds.A, thresholds.B, total, classes, rows);
    }
}
