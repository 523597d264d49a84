using Keystone.Core.Access;
using Keystone.Core.Data;

namespace Keystone.Core.Contacts;

public static class CreateContact
{
    public static async Task<ContactDetails> HandleAsync(KeystoneDbContext db, ContactInput input, CancellationToken ct = default)
    {
        AccessRules.Demand(!db.Actor.IsReadOnly, "Your role reads Keystone but cannot add people.");
        var contact = new Contact();
        await input.ApplyToAsync(db, contact, isNew: true, ct);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return await ContactDetails.LoadAsync(db, contact.Id, ct);
    }
}
