using Keystone.Core.Data;

namespace Keystone.Core.Contacts;

public static class GetContact
{
    public static Task<ContactDetails> HandleAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default) =>
        ContactDetails.LoadAsync(db, id, ct);
}
