using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Common;
using Keystone.Core.Contacts;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Relationships;

/// <summary>A colleague who met the contact: how often and when last.</summary>
public sealed record Acquaintance(UserRef User, int Times, DateTimeOffset LastMetAt, int DaysSinceLastMet);

/// <summary>Which of our colleagues know a person at a client, best known first.</summary>
public sealed record ContactRelationships(ContactRef Contact, AccountRef Account, UserRef? RelationshipOwner, IReadOnlyList<Acquaintance> KnownBy);

/// <summary>
/// Who knows whom: the colleagues recorded as participants of completed activities with the
/// contact. Whoever merely logged an activity without taking part is not counted.
/// </summary>
public static class WhoKnowsWhom
{
    public static async Task<ContactRelationships> HandleAsync(KeystoneDbContext db, Guid contactId, CancellationToken ct = default)
    {
        var contact = await db.Contacts.AsNoTracking()
            .Where(c => c.Id == contactId)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.RelationshipOwnerId, AccountId = c.Account!.Id, AccountName = c.Account.Name })
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Contact", contactId);
        var now = db.Clock.GetUtcNow();

        var meetings = await (
                from a in db.Activities.AsNoTracking()
                join p in db.ActivityParticipants.AsNoTracking() on a.Id equals p.ActivityId
                where a.AccountId == contact.AccountId && a.Status == ActivityStatus.Completed && a.Contacts.Any(c => c.ContactId == contactId)
                select new { p.UserId, a.StartsAt })
            .ToListAsync(ct);
        var userIds = meetings.Select(m => m.UserId).Append(contact.RelationshipOwnerId ?? Guid.Empty).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);

        var knownBy = meetings
            .GroupBy(m => m.UserId)
            .Where(g => users.ContainsKey(g.Key))
            .Select(g =>
            {
                var last = g.Max(m => m.StartsAt);
                return new Acquaintance(users[g.Key], g.Count(), last, Math.Max(0, (int)(now - last).TotalDays));
            })
            .OrderByDescending(a => a.Times).ThenByDescending(a => a.LastMetAt).ThenBy(a => a.User.DisplayName, StringComparer.Ordinal)
            .ToList();
        return new ContactRelationships(
            new ContactRef(contact.Id, $"{contact.FirstName} {contact.LastName}".Trim()),
            new AccountRef(contact.AccountId, contact.AccountName),
            contact.RelationshipOwnerId is { } o ? users.GetValueOrDefault(o) : null,
            knownBy);
    }
}
