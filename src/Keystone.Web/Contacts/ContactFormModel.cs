using Keystone.Core.Accounts;
using Keystone.Core.Contacts;

namespace Keystone.Web.Contacts;

/// <summary>What the contact form holds while someone types.</summary>
public sealed class ContactFormModel
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Title { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public AccountRef? Account { get; set; }
    public ContactRef? ReportsTo { get; set; }

    /// <summary>A buying-role identifier such as decision-maker; null while unknown.</summary>
    public string? BuyingRole { get; set; }
    public int? Influence { get; set; }
    public string? Attitude { get; set; }
    public UserRef? RelationshipOwner { get; set; }
    public int? RelationshipStrength { get; set; }

    public static ContactFormModel From(ContactDetails contact) => new()
    {
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        Title = contact.Title,
        Email = contact.Email,
        Phone = contact.Phone,
        Account = contact.Account,
        ReportsTo = contact.ReportsTo,
        BuyingRole = contact.BuyingRole,
        Influence = contact.Influence,
        Attitude = contact.Attitude,
        RelationshipOwner = contact.RelationshipOwner,
        RelationshipStrength = contact.RelationshipStrength,
    };

    public ContactInput ToInput() => new()
    {
        AccountId = Account?.Id,
        FirstName = FirstName,
        LastName = LastName,
        Title = Title,
        Email = Email,
        Phone = Phone,
        ReportsToId = ReportsTo?.Id,
        BuyingRole = BuyingRole,
        Influence = Influence,
        Attitude = Attitude,
        RelationshipOwnerId = RelationshipOwner?.Id,
        RelationshipStrength = RelationshipStrength,
    };

    /// <summary>The form as a person reads it, field by field, to compare with someone else's save.</summary>
    public IReadOnlyList<(string Field, string? Value)> Describe() =>
    [
        ("First name", FirstName),
        ("Last name", LastName),
        ("Title", Title),
        ("Email", Email?.Trim().ToLowerInvariant()),
        ("Phone", Phone),
        ("Account", Account?.Name),
        ("Reports to", ReportsTo?.Name),
        ("Buying role", BuyingRole),
        ("Influence", Influence?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Attitude", Attitude),
        ("Relationship owner", RelationshipOwner?.DisplayName),
        ("Relationship strength", RelationshipStrength?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
