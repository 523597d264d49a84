using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Portfolio;

/// <summary>The matrix's settings as the API and the pages show them, so that every figure says what produced it.</summary>
public sealed record MatrixSettings(decimal CutOff, string StrengthFrom, IReadOnlyList<CriterionSetting> Criteria)
{
    public static MatrixSettings From(SelectionMatrixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(
            options.CutOff,
            options.StrengthFrom == StrengthSource.RelationshipStage ? "relationshipStage" : "criteria",
            [.. options.ScoredCriteria.Select(c => new CriterionSetting(c.Key, c.Name, c.Axis.ToString().ToLowerInvariant(), c.Weight))]);
    }
}

public sealed record CriterionSetting(string Key, string Name, string Axis, decimal Weight);

/// <summary>An account's score on one criterion; score, reason and who/when are null while it is not scored.</summary>
public sealed record CriterionScore(string Criterion, string Name, string Axis, decimal Weight, int? Score, string? Reason, UserRef? ScoredBy, DateTimeOffset? ScoredAt);

/// <summary>
/// An account in the selection matrix: its axes and quadrant (null while not fully scored: the
/// account is then "not scored", with <see cref="MissingCriteria"/> and <see cref="MissingStage"/>
/// saying what is missing), its scores with reasons, its stage and sales.
/// </summary>
/// <param name="Version">0 while nothing was ever recorded; its ETag is what a first PUT names in If-Match.</param>
/// <param name="CurrentSales">Net revenue over <see cref="SalesFrom"/>–<see cref="SalesTo"/> in <see cref="Currency"/>.</param>
/// <param name="AvailableSales">What the account could buy from us over three years, in <see cref="Currency"/>.</param>
public sealed record AccountSelectionDetails(
    AccountRef Account,
    int Version,
    string? RelationshipStage,
    decimal? Attractiveness,
    decimal? Strength,
    string? Quadrant,
    bool Scored,
    IReadOnlyList<string> MissingCriteria,
    bool MissingStage,
    IReadOnlyList<CriterionScore> Scores,
    decimal CurrentSales,
    decimal? AvailableSales,
    string Currency,
    string SalesFrom,
    string SalesTo,
    MatrixSettings Settings,
    bool CanEdit,
    DateTimeOffset? UpdatedAt,
    UserRef? UpdatedBy)
{
    /// <summary>The selection of a visible account; an account out of sight is not found.</summary>
    public static async Task<AccountSelectionDetails> LoadAsync(
        KeystoneDbContext db, SelectionMatrixOptions options, RevenueOptions revenue, Guid accountId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(revenue);
        var account = await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new NotFoundException("Account", accountId);
        var selection = await db.Set<AccountSelection>().AsNoTracking().SingleOrDefaultAsync(s => s.AccountId == accountId, ct);
        var scores = await db.Set<SelectionScore>().AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync(ct);
        var userIds = scores.Select(s => s.ScoredById).Append(selection?.UpdatedById).OfType<Guid>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var sales = await Portfolio.CurrentSales.ForAccountsAsync(db, [accountId], revenue, ct);
        var (from, to) = Kpis.ReportingCalendar.TrailingTwelveMonths(db.Clock.GetUtcNow(), revenue.TimeZone);

        var byKey = scores.ToDictionary(s => s.Criterion, StringComparer.Ordinal);
        var placement = SelectionMatrix.Place(options, scores.ToDictionary(s => s.Criterion, s => s.Score, StringComparer.Ordinal), selection?.Stage);
        var criteria = options.ScoredCriteria.Select(c =>
        {
            var score = byKey.GetValueOrDefault(c.Key);
            return new CriterionScore(c.Key, c.Name, c.Axis.ToString().ToLowerInvariant(), c.Weight, score?.Score, score?.Reason,
                score?.ScoredById is { } by ? users.GetValueOrDefault(by) : null, score?.ScoredAt);
        }).ToList();
        return new AccountSelectionDetails(
            new AccountRef(account.Id, account.Name),
            selection?.Version ?? 0,
            selection?.Stage?.ToIdentifier(),
            placement.Attractiveness,
            placement.Strength,
            placement.Position?.Quadrant.ToIdentifier(),
            placement.Position is not null,
            placement.MissingCriteria,
            placement.MissingStage,
            criteria,
            sales[accountId],
            selection?.AvailableSales,
            revenue.ReportingCurrency,
            from.ToString(),
            to.ToString(),
            MatrixSettings.From(options),
            db.Actor.CanScore(account),
            selection?.UpdatedAt,
            selection?.UpdatedById is { } editor ? users.GetValueOrDefault(editor) : null);
    }
}
