using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Relationships;

/// <summary>Something on the map that needs attention: a code for programs, a sentence for people.</summary>
public sealed record RelationshipFlag(string Code, string Message);

/// <summary>One person of the org chart, with the people who report to them.</summary>
public sealed record StakeholderNode(
    Guid Id,
    string Name,
    string? Title,
    string? BuyingRole,
    int? Influence,
    string? Attitude,
    UserRef? RelationshipOwner,
    int? RelationshipStrength,
    DateTimeOffset? LastContactAt,
    int? DaysSinceLastContact,
    IReadOnlyList<RelationshipFlag> Flags,
    IReadOnlyList<StakeholderNode> Reports);

/// <summary>An account's people as an org chart, and what is weak about our relationships there.</summary>
public sealed record AccountRelationshipMap(
    AccountRef Account,
    int ColdAfterDays,
    IReadOnlyList<StakeholderNode> Roots,
    IReadOnlyList<RelationshipFlag> Flags);

/// <summary>
/// The relationship map of an account. Contact means a completed activity (meeting, call, visit,
/// email, note) that named the person as a client participant; planned and cancelled ones do not count.
/// </summary>
public static class RelationshipMap
{
    public const int DefaultColdAfterDays = 60;

    public const string NoOwnerFlag = "no-owner";
    public const string ColdFlag = "no-recent-contact";
    public const string SingleThreadedFlag = "single-threaded";
    public const string NoChampionFlag = "no-champion";

    public static async Task<AccountRelationshipMap> HandleAsync(KeystoneDbContext db, Guid accountId, int coldAfterDays = DefaultColdAfterDays, CancellationToken ct = default)
    {
        if (coldAfterDays < 1)
        {
            throw new ValidationException("coldAfterDays", $"A relationship goes cold after at least one day; {coldAfterDays} is not a number of days.");
        }
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new AccountRef(a.Id, a.Name)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Account", accountId);
        var now = db.Clock.GetUtcNow();

        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => c.AccountId == accountId)
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .ToListAsync(ct);
        var lastContact = await LastContact.ByContactAsync(db, db.ActivityContacts.AsNoTracking().Where(c => c.AccountId == accountId), ct);

        // Who took part in the completed activities of the last coldAfterDays days, for the single-threaded
        // flags; only those are read, as a large account has tens of thousands of older ones.
        var since = now.AddDays(-coldAfterDays);
        var recentActivities = db.Activities.AsNoTracking()
            .Where(a => a.AccountId == accountId && a.Status == ActivityStatus.Completed && a.StartsAt >= since && a.StartsAt <= now);
        var recent = await recentActivities.Select(a => new { a.Id, a.OwnerId }).ToListAsync(ct);
        var theirs = new List<Guid>();
        var ours = new List<Guid>();
        if (recent.Count > 0)
        {
            theirs = await db.ActivityContacts.AsNoTracking()
                .Where(c => c.AccountId == accountId)
                .Join(recentActivities, c => c.ActivityId, a => a.Id, (c, a) => c.ContactId)
                .Distinct()
                .ToListAsync(ct);
            var ourLinks = (await db.ActivityParticipants.AsNoTracking()
                .Where(p => p.AccountId == accountId)
                .Join(recentActivities, p => p.ActivityId, a => a.Id, (p, a) => new { p.ActivityId, p.UserId })
                .ToListAsync(ct))
                .ToLookup(l => l.ActivityId, l => l.UserId);
            // An activity without recorded colleagues was had by whoever logged it.
            ours = [.. recent.SelectMany(a => ourLinks[a.Id].DefaultIfEmpty(a.OwnerId)).Distinct()];
        }

        var userIds = contacts.Select(c => c.RelationshipOwnerId).OfType<Guid>().Concat(ours).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);

        var ids = contacts.Select(c => c.Id).ToHashSet();
        var byManager = contacts.ToLookup(c => c.ReportsToId is { } m && ids.Contains(m) ? m : (Guid?)null);
        var placed = new HashSet<Guid>();
        List<StakeholderNode> Build(Guid? managerId) =>
        [
            .. byManager[managerId].Where(c => placed.Add(c.Id)).Select(c =>
            {
                var last = lastContact.TryGetValue(c.Id, out var at) ? at : (DateTimeOffset?)null;
                var days = LastContact.DaysSince(now, last);
                return new StakeholderNode(
                    c.Id,
                    c.FullName,
                    c.Title,
                    c.BuyingRole?.ToIdentifier(),
                    c.Influence,
                    c.Attitude?.ToIdentifier(),
                    c.RelationshipOwnerId is { } o ? users.GetValueOrDefault(o) : null,
                    c.RelationshipStrength,
                    last,
                    days,
                    PersonFlags(c.BuyingRole, c.RelationshipOwnerId, days, coldAfterDays),
                    Build(c.Id));
            }),
        ];
        var roots = Build(null);

        var flags = new List<RelationshipFlag>();
        if (!contacts.Any(c => c.BuyingRole == BuyingRole.Champion))
        {
            flags.Add(new RelationshipFlag(NoChampionFlag, "No champion: nobody at the account is recorded as selling for us inside it."));
        }
        if (theirs.Count == 1)
        {
            var name = contacts.FirstOrDefault(c => c.Id == theirs[0])?.FullName ?? "one person";
            flags.Add(new RelationshipFlag(SingleThreadedFlag, $"Single-threaded: all contact in the last {coldAfterDays} days went through {name} at the client."));
        }
        if (ours.Count == 1)
        {
            var name = users.GetValueOrDefault(ours[0])?.DisplayName ?? "one colleague";
            flags.Add(new RelationshipFlag(SingleThreadedFlag, $"Single-threaded: all contact in the last {coldAfterDays} days went through {name} on our side."));
        }
        return new AccountRelationshipMap(account, coldAfterDays, roots, flags);
    }

    private static List<RelationshipFlag> PersonFlags(BuyingRole? role, Guid? ownerId, int? days, int coldAfterDays)
    {
        var flags = new List<RelationshipFlag>();
        if (role is BuyingRole.DecisionMaker or BuyingRole.EconomicBuyer && ownerId is null)
        {
            flags.Add(new RelationshipFlag(NoOwnerFlag, $"{role.Value.ToLabel()} without an owner on our side"));
        }
        if (days is null)
        {
            flags.Add(new RelationshipFlag(ColdFlag, "No contact recorded yet"));
        }
        else if (LastContact.IsCold(days, coldAfterDays))
        {
            flags.Add(new RelationshipFlag(ColdFlag, $"No contact for {days} days"));
        }
        return flags;
    }
}
