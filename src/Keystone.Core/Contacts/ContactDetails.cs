using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Relationships;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Contacts;

public sealed record ContactRef(Guid Id, string Name);

/// <summary>A contact as the API returns it and its page shows it.</summary>
public sealed record ContactDetails(
    Guid Id,
    AccountRef Account,
    string FirstName,
    string LastName,
    string? Title,
    string? Email,
    string? Phone,
    ContactRef? ReportsTo,
    IReadOnlyList<ContactRef> DirectReports,
    string? BuyingRole,
    int? Influence,
    string? Attitude,
    UserRef? RelationshipOwner,
    int? RelationshipStrength,
    DateTimeOffset CreatedAt,
    UserRef? CreatedBy,
    DateTimeOffset UpdatedAt,
    UserRef? UpdatedBy,
    int Version,
    bool CanEdit)
{
    internal static async Task<ContactDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking()
            .Include(c => c.Account!).ThenInclude(a => a.TeamMembers)
            .SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("Contact", id);
        var account = contact.Account!;
        var reportsTo = contact.ReportsToId is { } managerId
            ? await db.Contacts.AsNoTracking().Where(c => c.Id == managerId).Select(c => new ContactRef(c.Id, c.FirstName + " " + c.LastName)).SingleOrDefaultAsync(ct)
            : null;
        var reports = await db.Contacts.AsNoTracking()
            .Where(c => c.ReportsToId == id)
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName)
            .Select(c => new ContactRef(c.Id, c.FirstName + " " + c.LastName))
            .ToListAsync(ct);
        var userIds = new[] { contact.CreatedById, contact.UpdatedById, contact.RelationshipOwnerId }.OfType<Guid>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        return new ContactDetails(
            contact.Id,
            new AccountRef(account.Id, account.Name),
            contact.FirstName,
            contact.LastName,
            contact.Title,
            contact.Email,
            contact.Phone,
            reportsTo,
            reports,
            contact.BuyingRole?.ToIdentifier(),
            contact.Influence,
            contact.Attitude?.ToIdentifier(),
            contact.RelationshipOwnerId is { } o ? users.GetValueOrDefault(o) : null,
            contact.RelationshipStrength,
            contact.CreatedAt,
            contact.CreatedById is { } c ? users.GetValueOrDefault(c) : null,
            contact.UpdatedAt,
            contact.UpdatedById is { } u ? users.GetValueOrDefault(u) : null,
            contact.Version,
            db.Actor.CanEditContactsOf(account));
    }
}
