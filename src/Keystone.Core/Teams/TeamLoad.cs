using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Teams;

/// <summary>A KAM's accounts by tier against their capacity.</summary>
/// <param name="OverCapacity">Strategic and key accounts, or managed accounts, above what one KAM can look after.</param>
public sealed record KamLoad(
    UserRef Kam,
    string Role,
    UserRef? Manager,
    int Strategic,
    int Key,
    int Managed,
    int Standard,
    int Total,
    int StrategicOrKey,
    bool StrategicOrKeyOverCapacity,
    bool ManagedOverCapacity,
    bool OverCapacity,
    IReadOnlyList<UserRef> Juniors);

public sealed record TeamLoadView(int StrategicOrKeyCapacity, int ManagedCapacity, IReadOnlyList<KamLoad> Kams);

public static class TeamLoad
{
    /// <summary>The tier counts against the capacity, as pure arithmetic.</summary>
    public static (bool StrategicOrKey, bool Managed) Over(int strategic, int key, int managed, CapacityOptions capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return (strategic + key > capacity.StrategicOrKey, managed > capacity.Managed);
    }

    /// <summary>
    /// The load of each KAM the actor may see: the head of KAM and administrators everyone, a senior
    /// KAM themselves and the juniors they manage, a junior KAM themselves; contributors and viewers
    /// own no accounts and see no one. Accounts are counted through the access filters.
    /// </summary>
    public static async Task<TeamLoadView> HandleAsync(KeystoneDbContext db, CapacityOptions capacity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var actor = db.Actor;
        var all = actor.IsSystem || actor.Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam;
        var kamRoles = new[] { KeystoneRole.JuniorKam, KeystoneRole.SeniorKam, KeystoneRole.HeadOfKam, KeystoneRole.Administrator };

        var counts = await db.Accounts.AsNoTracking()
            .GroupBy(a => new { a.OwnerId, a.Tier })
            .Select(g => new { g.Key.OwnerId, g.Key.Tier, Count = g.Count() })
            .ToListAsync(ct);
        // One count per owner and tier, looked up by key rather than scanned for each KAM.
        var byOwnerTier = counts.ToDictionary(c => (c.OwnerId, c.Tier), c => c.Count);
        var owners = counts.Select(c => c.OwnerId).ToHashSet();

        var users = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && kamRoles.Contains(u.Role))
            .Select(u => new { u.Id, u.DisplayName, u.Role, u.ManagerId })
            .ToListAsync(ct);
        var names = users.ToDictionary(u => u.Id, u => new UserRef(u.Id, u.DisplayName));
        var juniorsOf = users.Where(u => u.ManagerId is not null).ToLookup(u => u.ManagerId!.Value);
        var visible = actor.Role is KeystoneRole.SeniorKam or KeystoneRole.JuniorKam ? actor.VisibleUserIds.ToHashSet() : [];
        var shown = users
            .Where(u => all
                ? u.Role is KeystoneRole.JuniorKam or KeystoneRole.SeniorKam || owners.Contains(u.Id)
                : visible.Contains(u.Id))
            .OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();

        var loads = shown.Select(u =>
        {
            int Count(AccountTier tier) => byOwnerTier.GetValueOrDefault((u.Id, tier));
            var strategic = Count(AccountTier.StrategicKeyAccount);
            var key = Count(AccountTier.KeyAccount);
            var managed = Count(AccountTier.Managed);
            var standard = Count(AccountTier.Standard);
            var (overKey, overManaged) = Over(strategic, key, managed, capacity);
            var juniors = juniorsOf[u.Id]
                .OrderBy(j => j.DisplayName, StringComparer.CurrentCultureIgnoreCase)
                .Select(j => names[j.Id])
                .ToList();
            return new KamLoad(
                names[u.Id],
                u.Role.ToIdentifier(),
                u.ManagerId is { } m ? names.GetValueOrDefault(m) : null,
                strategic, key, managed, standard, strategic + key + managed + standard, strategic + key,
                overKey, overManaged, overKey || overManaged,
                juniors);
        }).ToList();
        return new TeamLoadView(capacity.StrategicOrKey, capacity.Managed, loads);
    }
}
