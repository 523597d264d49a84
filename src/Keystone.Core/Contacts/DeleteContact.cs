using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Contacts;

public static class DeleteContact
{
    public static async Task HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, CancellationToken ct = default)
    {
        var contact = await db.Contacts
            .Include(c => c.Account!).ThenInclude(a => a.TeamMembers)
            .SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("Contact", id);
        AccessRules.Demand(db.Actor.CanEditContactsOf(contact.Account!), "You can see this person but not remove them; ask the account's owner.");
        if (expectedVersion is { } expected && contact.Version != expected)
        {
            throw new ConcurrencyConflictException("Contact", id, contact.Version);
        }
        // Their reports stay, reporting to no one: the org chart keeps everyone it can.
        var reports = await db.Contacts.IgnoreQueryFilters().Where(c => c.ReportsToId == id).ToListAsync(ct);
        foreach (var report in reports)
        {
            report.ReportsToId = null;
        }
        db.Contacts.Remove(contact);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Contact", id, -1);
        }
    }
}
