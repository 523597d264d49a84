using Keystone.Core.Access;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

/// <summary>A tier request as the API returns it and the pages show it.</summary>
/// <param name="Direction">promotion or demotion.</param>
/// <param name="Status">pending, approved, refused or withdrawn.</param>
public sealed record TierRequestDetails(
    Guid Id,
    AccountRef Account,
    string FromTier,
    string ToTier,
    string Direction,
    string Reason,
    string Status,
    UserRef RequestedBy,
    DateTimeOffset RequestedAt,
    UserRef? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    int Version,
    bool CanDecide,
    bool CanWithdraw)
{
    internal static async Task<IReadOnlyList<TierRequestDetails>> FromAsync(KeystoneDbContext db, IReadOnlyList<TierRequest> requests, CancellationToken ct)
    {
        var accountIds = requests.Select(r => r.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new AccountRef(a.Id, a.Name), ct);
        var userIds = requests.Select(r => r.RequestedById).Concat(requests.Select(r => r.DecidedById).OfType<Guid>()).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var actor = db.Actor;
        return [.. requests.Select(r => new TierRequestDetails(
            r.Id,
            accounts.GetValueOrDefault(r.AccountId) ?? new AccountRef(r.AccountId, "(unknown)"),
            r.FromTier.ToIdentifier(),
            r.ToTier.ToIdentifier(),
            r.IsPromotion ? "promotion" : "demotion",
            r.Reason,
            r.Status.ToIdentifier(),
            users.GetValueOrDefault(r.RequestedById) ?? new UserRef(r.RequestedById, "(unknown)"),
            r.CreatedAt,
            r.DecidedById is { } d ? users.GetValueOrDefault(d) : null,
            r.DecidedAt,
            r.DecisionNote,
            r.Version,
            r.Status == TierRequestStatus.Pending && actor.CanDecideTierRequests(),
            r.Status == TierRequestStatus.Pending && actor.UserId == r.RequestedById))];
    }

    internal static async Task<TierRequestDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        var request = await db.TierRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new Common.NotFoundException("Tier request", id);
        return (await FromAsync(db, [request], ct))[0];
    }
}
