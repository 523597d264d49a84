using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Contacts;

/// <summary>The fields a person may set on a contact; unset fields are left as they are.</summary>
public sealed record ContactInput
{
    public Optional<Guid?> AccountId { get; init; }
    public Optional<string?> FirstName { get; init; }
    public Optional<string?> LastName { get; init; }
    public Optional<string?> Title { get; init; }
    public Optional<string?> Email { get; init; }
    public Optional<string?> Phone { get; init; }
    public Optional<Guid?> ReportsToId { get; init; }

    internal async Task ApplyToAsync(KeystoneDbContext db, Contact contact, bool isNew, CancellationToken ct)
    {
        var v = new Validator();
        if (isNew || AccountId.IsSet)
        {
            var accountId = AccountId.GetValueOrDefault(null);
            if (accountId is null)
            {
                v.Add("accountId", "A contact belongs to an account; name the account.");
            }
            else if (accountId != contact.AccountId)
            {
                var account = await db.Accounts.Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct);
                if (account is null)
                {
                    v.Add("accountId", $"There is no account '{accountId}' that you can see; pick the account from the account list.");
                }
                else if (!db.Actor.CanEditContactsOf(account))
                {
                    v.Add("accountId", $"You cannot add people to account '{account.Name}'; ask its owner to add you to its team.");
                }
                else
                {
                    if (!isNew && !ReportsToId.IsSet && contact.ReportsToId is not null)
                    {
                        // The manager was at the old account; the org chart does not cross accounts.
                        contact.ReportsToId = null;
                    }
                    contact.AccountId = account.Id;
                }
            }
        }
        if (isNew || FirstName.IsSet)
        {
            contact.FirstName = v.Required("firstName", FirstName.GetValueOrDefault(null), 100, "First name") ?? contact.FirstName;
        }
        if (isNew || LastName.IsSet)
        {
            contact.LastName = v.Required("lastName", LastName.GetValueOrDefault(null), 100, "Last name") ?? contact.LastName;
        }
        if (Title.IsSet)
        {
            contact.Title = v.Optional("title", Title.Value, 200, "Title");
        }
        if (Email.IsSet)
        {
            contact.Email = v.Email("email", Email.Value)?.ToLowerInvariant();
        }
        if (Phone.IsSet)
        {
            var phone = v.Optional("phone", Phone.Value, 50, "Phone");
            if (phone is not null && !phone.All(ch => char.IsDigit(ch) || " +-().x/".Contains(ch, StringComparison.Ordinal)))
            {
                v.Add("phone", $"'{phone}' is not a phone number; use digits, spaces and + - ( ) only, such as +49 30 1234567.");
            }
            contact.Phone = phone;
        }
        if (ReportsToId.IsSet)
        {
            await ApplyReportsToAsync(db, contact, ReportsToId.Value, v, ct);
        }
        v.ThrowIfInvalid();
    }

    private static async Task ApplyReportsToAsync(KeystoneDbContext db, Contact contact, Guid? managerId, Validator v, CancellationToken ct)
    {
        if (managerId is null)
        {
            contact.ReportsToId = null;
            return;
        }
        if (managerId == contact.Id)
        {
            v.Add("reportsToId", "A person cannot report to themselves.");
            return;
        }
        var manager = await db.Contacts.AsNoTracking().Where(c => c.Id == managerId).Select(c => new { c.Id, c.AccountId }).SingleOrDefaultAsync(ct);
        if (manager is null)
        {
            v.Add("reportsToId", $"There is no contact '{managerId}' that you can see; pick the manager from the account's people.");
            return;
        }
        if (manager.AccountId != contact.AccountId)
        {
            v.Add("reportsToId", "The manager works at another account; pick someone at the same account.");
            return;
        }
        var chain = await db.Contacts.AsNoTracking()
            .Where(c => c.AccountId == contact.AccountId && c.ReportsToId != null)
            .Select(c => new { c.Id, c.ReportsToId })
            .ToDictionaryAsync(c => c.Id, c => c.ReportsToId, ct);
        Guid? cursor = managerId;
        var steps = 0;
        while (cursor is { } current && steps++ < 100_000)
        {
            if (current == contact.Id)
            {
                v.Add("reportsToId", "That person already reports to this contact, directly or not; an org chart cannot loop.");
                return;
            }
            cursor = chain.GetValueOrDefault(current);
        }
        contact.ReportsToId = managerId;
    }
}
