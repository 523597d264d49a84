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

    public static ContactFormModel From(ContactDetails contact) => new()
    {
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        Title = contact.Title,
        Email = contact.Email,
        Phone = contact.Phone,
        Account = contact.Account,
        ReportsTo = contact.ReportsTo,
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
    ];
}
