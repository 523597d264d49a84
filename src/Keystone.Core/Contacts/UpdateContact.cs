using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Contacts;

public static class UpdateContact
{
    public static async Task<ContactDetails> HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, ContactInput input, CancellationToken ct = default)
    {
        var contact = await db.Contacts
            .Include(c => c.Account!).ThenInclude(a => a.TeamMembers)
            .SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("Contact", id);
        AccessRules.Demand(db.Actor.CanEditContactsOf(contact.Account!), "You can see this person but not change them; ask the account's owner.");
        if (expectedVersion is { } expected && contact.Version != expected)
        {
            throw new ConcurrencyConflictException("Contact", id, contact.Version);
        }
        await input.ApplyToAsync(db, contact, isNew: false, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Contact", id, current);
        }
        return await ContactDetails.LoadAsync(db, id, ct);
    }
}
