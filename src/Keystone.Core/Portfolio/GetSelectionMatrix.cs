using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Portfolio;

/// <summary>One account of the matrix: a bubble (when scored) and a row of its table.</summary>
/// <param name="Quadrant">strategic, star, status or streamline; null while the account is not scored (it is then not drawn).</param>
public sealed record MatrixAccount(
    AccountRef Account,
    UserRef Owner,
    string Tier,
    string? RelationshipStage,
    decimal? Attractiveness,
    decimal? Strength,
    string? Quadrant,
    bool Scored,
    IReadOnlyList<string> MissingCriteria,
    bool MissingStage,
    decimal CurrentSales,
    decimal? AvailableSales);

/// <summary>The key-account selection matrix of the accounts the actor can see, with the settings and the sales window that produced it.</summary>
public sealed record SelectionMatrixReport(MatrixSettings Settings, string Currency, string SalesFrom, string SalesTo, IReadOnlyList<MatrixAccount> Accounts);

/// <summary>
/// The selection matrix: every account the actor can see that is a key or strategic key account, or that
/// has been scored or staged, filtered by owner and tier, by name. Not paged: it is one chart.
/// </summary>
public static class GetSelectionMatrix
{
    /// <summary>More accounts than one chart can show; the filters narrow it.</summary>
    public const int MaxAccounts = 1000;

    public sealed record Query
    {
        /// <summary>An owner's user id, or <c>me</c>.</summary>
        public string? Owner { get; init; }

        /// <summary>strategic, key, managed or standard.</summary>
        public string? Tier { get; init; }
    }

    /// <exception cref="ValidationException">The owner or tier is not one Keystone knows, or the matrix would hold too many accounts.</exception>
    public static async Task<SelectionMatrixReport> HandleAsync(
        KeystoneDbContext db, SelectionMatrixOptions options, RevenueOptions revenue, Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(revenue);
        ArgumentNullException.ThrowIfNull(query);
        var v = new Validator();
        Guid? owner = null;
        if (!string.IsNullOrWhiteSpace(query.Owner))
        {
            if (string.Equals(query.Owner.Trim(), "me", StringComparison.OrdinalIgnoreCase))
            {
                owner = db.Actor.UserId;
            }
            else if (Guid.TryParse(query.Owner, out var id))
            {
                owner = id;
            }
            else
            {
                v.Add("owner", $"'{query.Owner}' is not a user id; give an owner's id, or me.");
            }
        }
        AccountTier? tier = null;
        if (!string.IsNullOrWhiteSpace(query.Tier))
        {
            if (AccountTiers.TryParse(query.Tier, out var parsed))
            {
                tier = parsed;
            }
            else
            {
                v.Add("tier", $"'{query.Tier}' is not a tier; use strategic, key, managed or standard.");
            }
        }
        v.ThrowIfInvalid();

        // The query filters keep out every account the actor may not see.
        var accounts = db.Accounts.AsNoTracking().Where(a =>
            a.Tier == AccountTier.StrategicKeyAccount || a.Tier == AccountTier.KeyAccount
            || db.Set<AccountSelection>().Any(s => s.AccountId == a.Id)
            || db.Set<SelectionScore>().Any(s => s.AccountId == a.Id));
        if (owner is { } ownerId)
        {
            accounts = accounts.Where(a => a.OwnerId == ownerId);
        }
        if (tier is { } t)
        {
            accounts = accounts.Where(a => a.Tier == t);
        }
        var rows = await accounts.OrderBy(a => a.Name).ThenBy(a => a.Id)
            .Select(a => new { a.Id, a.Name, a.Tier, a.OwnerId })
            .Take(MaxAccounts + 1)
            .ToListAsync(ct);
        if (rows.Count > MaxAccounts)
        {
            throw new ValidationException("owner", $"More than {MaxAccounts} accounts match; narrow the matrix to an owner or a tier.");
        }

        var ids = rows.Select(r => r.Id).ToList();
        var selections = await db.Set<AccountSelection>().AsNoTracking().Where(s => ids.Contains(s.AccountId)).ToDictionaryAsync(s => s.AccountId, ct);
        var scores = (await db.Set<SelectionScore>().AsNoTracking().Where(s => ids.Contains(s.AccountId))
                .Select(s => new { s.AccountId, s.Criterion, s.Score }).ToListAsync(ct))
            .ToLookup(s => s.AccountId);
        var ownerIds = rows.Select(r => r.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var sales = await CurrentSales.ForAccountsAsync(db, ids, revenue, ct);
        var (from, to) = Kpis.ReportingCalendar.TrailingTwelveMonths(db.Clock.GetUtcNow(), revenue.TimeZone);

        var result = rows.Select(r =>
        {
            var selection = selections.GetValueOrDefault(r.Id);
            var placement = SelectionMatrix.Place(options, scores[r.Id].ToDictionary(s => s.Criterion, s => s.Score, StringComparer.Ordinal), selection?.Stage);
            return new MatrixAccount(
                new AccountRef(r.Id, r.Name),
                owners.GetValueOrDefault(r.OwnerId) ?? new UserRef(r.OwnerId, ""),
                r.Tier.ToIdentifier(),
                selection?.Stage?.ToIdentifier(),
                placement.Attractiveness,
                placement.Strength,
                placement.Position?.Quadrant.ToIdentifier(),
                placement.Position is not null,
                placement.MissingCriteria,
                placement.MissingStage,
                sales[r.Id],
                selection?.AvailableSales);
        }).ToList();
        return new SelectionMatrixReport(MatrixSettings.From(options), revenue.ReportingCurrency, from.ToString(), to.ToString(), result);
    }
}
