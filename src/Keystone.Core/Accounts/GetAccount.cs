using Keystone.Core.Data;

namespace Keystone.Core.Accounts;

public static class GetAccount
{
    public static Task<AccountDetails> HandleAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default) =>
        AccountDetails.LoadAsync(db, id, ct);
}
