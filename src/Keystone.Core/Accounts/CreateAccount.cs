using Keystone.Core.Access;
using Keystone.Core.Data;

namespace Keystone.Core.Accounts;

public static class CreateAccount
{
    public static async Task<AccountDetails> HandleAsync(KeystoneDbContext db, AccountInput input, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanCreateAccounts(), "Your role cannot create accounts; ask a key account manager.");
        var account = new Account();
        await input.ApplyToAsync(db, account, isNew: true, ct);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return await AccountDetails.LoadAsync(db, account.Id, ct);
    }
}
