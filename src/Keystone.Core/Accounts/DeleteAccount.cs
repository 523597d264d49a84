using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

public static class DeleteAccount
{
    public static async Task HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, CancellationToken ct = default)
    {
        var account = await db.Accounts
            .Include(a => a.TeamMembers)
            .Include(a => a.ExternalIds)
            .SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("Account", id);
        AccessRules.Demand(db.Actor.CanDelete(account), "Only the account's owner, their manager, a head of KAM or an administrator can delete it.");
        if (expectedVersion is { } expected && account.Version != expected)
        {
            throw new ConcurrencyConflictException("Account", id, account.Version);
        }
        // Counted without the access filter: a record the user cannot see still blocks the delete.
        var contacts = await db.Contacts.IgnoreQueryFilters().CountAsync(c => c.AccountId == id, ct);
        var children = await db.Accounts.IgnoreQueryFilters().CountAsync(a => a.ParentAccountId == id, ct);
        if (contacts > 0 || children > 0)
        {
            throw new ConflictException(
                $"Account '{account.Name}' still has {contacts} contact(s) and {children} subsidiary account(s); move or delete them first.");
        }
        // Revenue is history: an account that was invoiced stays, so that KPIs of past periods do not change.
        if (await db.InvoiceLines.IgnoreQueryFilters().AnyAsync(l => l.AccountId == id, ct))
        {
            throw new ConflictException($"Account '{account.Name}' has invoiced revenue; it cannot be deleted, only handed over or renamed.");
        }
        db.Accounts.Remove(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Account", id, -1);
        }
    }
}
