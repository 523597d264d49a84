using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Demo;

/// <summary>Tier requests for the head of KAM's queue: two pending, one refused earlier.</summary>
internal static class DemoTierRequests
{
    private static readonly (string Account, string Requester, AccountTier To, string Reason, TierRequestStatus Status, string? Note)[] Planned =
    [
        ("Falkenried Japan", "junior1", AccountTier.KeyAccount,
            "The new plant in Kumamoto doubles their orders from next quarter, and they want a dedicated contact.", TierRequestStatus.Pending, null),
        ("Bluehaven Health Canada", "junior4", AccountTier.KeyAccount,
            "Bluehaven consolidates its Canadian hospitals' purchasing with us; the volume is close to the UK's.", TierRequestStatus.Pending, null),
        ("Nordvik Logistics Finland", "junior4", AccountTier.Managed,
            "Two large tenders this year.", TierRequestStatus.Refused, "Tenders are not yet revenue; ask again when the first one is won."),
    ];

    public static Task<bool> ExistAsync(KeystoneDbContext db, IReadOnlyList<Guid> accountIds, CancellationToken ct) =>
        db.TierRequests.IgnoreQueryFilters().AnyAsync(r => accountIds.Contains(r.AccountId), ct);

    public static async Task AddAsync(
        KeystoneDbContext db, IReadOnlyList<Account> accounts, IReadOnlyDictionary<string, KeystoneUser> team, CancellationToken ct)
    {
        var byName = accounts.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var head = team["head"].Id;
        var now = db.Clock.GetUtcNow();
        foreach (var (name, requester, to, reason, status, note) in Planned)
        {
            if (!byName.TryGetValue(name, out var account) || !team.TryGetValue(requester, out var user))
            {
                continue;
            }
            db.TierRequests.Add(new TierRequest
            {
                AccountId = account.Id,
                FromTier = account.Tier,
                ToTier = to,
                Reason = reason,
                RequestedById = user.Id,
                Status = status,
                DecidedById = status == TierRequestStatus.Pending ? null : head,
                DecidedAt = status == TierRequestStatus.Pending ? null : now.AddDays(-12),
                DecisionNote = note,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
