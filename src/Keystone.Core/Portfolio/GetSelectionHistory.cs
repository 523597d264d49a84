using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Portfolio;

/// <summary>One score given, changed or cleared in a change.</summary>
public sealed record ScoreChangeEntry(string Criterion, int? OldScore, int? NewScore, string? Reason);

/// <summary>Where the account stood after one change of its scores or stage, computed with the settings of that moment.</summary>
/// <param name="Quadrant">Null while the account was not fully scored.</param>
public sealed record PositionHistoryEntry(
    Guid Id,
    DateTimeOffset At,
    UserRef? By,
    string? RelationshipStage,
    decimal? Attractiveness,
    decimal? Strength,
    string? Quadrant,
    decimal CutOff,
    IReadOnlyList<ScoreChangeEntry> Changes);

public static class GetSelectionHistory
{
    /// <summary>The position history of a visible account, newest first, a page at a time.</summary>
    /// <exception cref="NotFoundException">The account does not exist or is not visible.</exception>
    public static async Task<Page<PositionHistoryEntry>> HandleAsync(
        KeystoneDbContext db, Guid accountId, int? pageSize, string? pageToken, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
        {
            throw new NotFoundException("Account", accountId);
        }
        var size = Paging.CheckPageSize(pageSize);
        var positions = db.Set<SelectionPosition>().AsNoTracking().Where(p => p.AccountId == accountId);
        var keyset = new Keyset<SelectionPosition>("at", descending: true, (System.Linq.Expressions.Expression<Func<SelectionPosition, DateTimeOffset>>)(p => p.At), p => p.Id);
        var total = await positions.CountAsync(ct);
        var rows = await keyset.Apply(positions, pageToken).Take(size).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var changes = (await db.Set<SelectionScoreChange>().AsNoTracking().Where(c => c.AccountId == accountId && ids.Contains(c.PositionId)).ToListAsync(ct))
            .ToLookup(c => c.PositionId);
        var userIds = rows.Select(r => r.ById).OfType<Guid>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var items = rows.Select(r => new PositionHistoryEntry(
            r.Id,
            r.At,
            r.ById is { } by ? users.GetValueOrDefault(by) : null,
            r.Stage?.ToIdentifier(),
            r.Attractiveness,
            r.Strength,
            r.Quadrant?.ToIdentifier(),
            r.CutOff,
            [.. changes[r.Id].OrderBy(c => c.Criterion, StringComparer.Ordinal).Select(c => new ScoreChangeEntry(c.Criterion, c.OldScore, c.NewScore, c.Reason))])).ToList();
        return new Page<PositionHistoryEntry>(items, keyset.NextToken(rows, size), total);
    }
}
