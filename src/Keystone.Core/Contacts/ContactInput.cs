using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Relationships;
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

    /// <summary>An identifier such as decision-maker or champion; see <see cref="StakeholderNames"/>.</summary>
    public Optional<string?> BuyingRole { get; init; }
    public Optional<int?> Influence { get; init; }

    /// <summary>supporter, neutral or opponent.</summary>
    public Optional<string?> Attitude { get; init; }
    public Optional<Guid?> RelationshipOwnerId { get; init; }
    public Optional<int?> RelationshipStrength { get; init; }

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
        await ApplyStakeholderFieldsAsync(db, contact, v, ct);
        v.ThrowIfInvalid();
    }

    private async Task ApplyStakeholderFieldsAsync(KeystoneDbContext db, Contact contact, Validator v, CancellationToken ct)
    {
        if (BuyingRole.IsSet)
        {
            var text = BuyingRole.Value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                contact.BuyingRole = null;
            }
            else if (StakeholderNames.TryParseBuyingRole(text, out var role))
            {
                contact.BuyingRole = role;
            }
            else
            {
                v.Add("buyingRole", $"'{text}' is not a buying role; use one of {string.Join(", ", StakeholderNames.BuyingRoles.Select(r => r.ToIdentifier()))}, or null if unknown.");
            }
        }
        if (Attitude.IsSet)
        {
            var text = Attitude.Value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                contact.Attitude = null;
            }
            else if (StakeholderNames.TryParseAttitude(text, out var attitude))
            {
                contact.Attitude = attitude;
            }
            else
            {
                v.Add("attitude", $"'{text}' is not an attitude; use {string.Join(", ", StakeholderNames.Attitudes.Select(a => a.ToIdentifier()))}, or null if unknown.");
            }
        }
        if (Influence.IsSet)
        {
            contact.Influence = Score(v, "influence", Influence.Value, "Influence", "1 means little say, 5 means their word decides");
        }
        if (RelationshipStrength.IsSet)
        {
            contact.RelationshipStrength = Score(v, "relationshipStrength", RelationshipStrength.Value, "Relationship strength", "1 means barely met, 5 means trusted");
        }
        if (RelationshipOwnerId.IsSet)
        {
            if (RelationshipOwnerId.Value is not { } ownerId)
            {
                contact.RelationshipOwnerId = null;
            }
            else if (ownerId != contact.RelationshipOwnerId)
            {
                // An owner kept from before may have left since; only a newly chosen one must be active.
                var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => new { u.DisplayName, u.IsActive }).SingleOrDefaultAsync(ct);
                if (owner is null)
                {
                    v.Add("relationshipOwnerId", $"There is no user '{ownerId}'; pick the colleague from the list of users.");
                }
                else if (!owner.IsActive)
                {
                    v.Add("relationshipOwnerId", $"{owner.DisplayName} is deactivated and cannot hold a relationship; pick an active colleague.");
                }
                else
                {
                    contact.RelationshipOwnerId = ownerId;
                }
            }
        }
    }

    private static int? Score(Validator v, string field, int? value, string label, string meaning)
    {
        if (value is { } score && (score < StakeholderNames.MinScore || score > StakeholderNames.MaxScore))
        {
            v.Add(field, $"{label} is {score}; use a whole number from {StakeholderNames.MinScore} to {StakeholderNames.MaxScore} ({meaning}), or null if unknown.");
            return null;
        }
        return value;
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
