using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

public static class UpdateAccount
{
    /// <summary>
    /// Applies the set fields of <paramref name="input"/> if the account is still at
    /// <paramref name="expectedVersion"/> (null: whatever version it is at, as <c>If-Match: *</c> asks);
    /// otherwise nothing is saved and a conflict is raised. The version is a concurrency token, so the
    /// database checks it again on write and a change that slips in between is caught too.
    /// </summary>
    public static async Task<AccountDetails> HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, AccountInput input, CancellationToken ct = default)
    {
        var account = await db.Accounts
            .Include(a => a.TeamMembers)
            .Include(a => a.ExternalIds)
            .SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("Account", id);
        AccessRules.Demand(db.Actor.CanEdit(account), "You can see this account but not change it; ask its owner.");
        if (expectedVersion is { } expected && account.Version != expected)
        {
            throw new ConcurrencyConflictException("Account", id, account.Version);
        }
        await input.ApplyToAsync(db, account, isNew: false, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Account", id, current);
        }
        return await AccountDetails.LoadAsync(db, id, ct);
    }
}
