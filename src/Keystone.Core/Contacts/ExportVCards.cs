using System.Text;
using Keystone.Core.Common;
using Keystone.Core.Contacts.VCards;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Contacts;

/// <summary>A .vcf file: its suggested name and its text.</summary>
public sealed record VCardFile(string FileName, string Text)
{
    public const string MediaType = "text/vcard";

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Text);
}

/// <summary>
/// Writes the contacts the actor can see as vCards, each with its account's name as ORG. The
/// access filters of the database decide what is visible, as for every other query.
/// </summary>
public static class ExportVCards
{
    public sealed record Query
    {
        public Guid? AccountId { get; init; }
        public IReadOnlyList<Guid>? ContactIds { get; init; }
        public string? Search { get; init; }
    }

    public static readonly IReadOnlyList<string> Versions = ["4.0", "3.0"];

    /// <summary>"4.0" (the default) or "3.0", for the version query parameter.</summary>
    public static VCardVersion ParseVersion(string? version) => version?.Trim() switch
    {
        null or "" or "4.0" or "4" => VCardVersion.V40,
        "3.0" or "3" => VCardVersion.V30,
        _ => throw new ValidationException("version", $"Keystone writes vCard {string.Join(" and ", Versions)}; '{version}' is neither. Leave it out for 4.0."),
    };

    public static async Task<VCardFile> HandleAsync(KeystoneDbContext db, Query query, VCardVersion version = VCardVersion.V40, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var contacts = db.Contacts.AsNoTracking();
        var fileName = "contacts.vcf";
        if (query.AccountId is { } accountId)
        {
            var accountName = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Name).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("Account", accountId);
            contacts = contacts.Where(c => c.AccountId == accountId);
            fileName = FileNameFor(accountName);
        }
        if (query.ContactIds is { } ids)
        {
            contacts = contacts.Where(c => ids.Contains(c.Id));
        }
        contacts = ListContacts.Matching(contacts, query.Search);
        var rows = await contacts.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id).ToListAsync(ct);
        var text = await WriteAsync(db, rows, version, ct);
        return new VCardFile(fileName, text);
    }

    /// <summary>One contact's card; not found when the actor cannot see the contact.</summary>
    public static async Task<VCardFile> ContactAsync(KeystoneDbContext db, Guid contactId, VCardVersion version = VCardVersion.V40, CancellationToken ct = default)
    {
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contactId, ct)
            ?? throw new NotFoundException("Contact", contactId);
        return new VCardFile(FileNameFor(contact.FullName), await WriteAsync(db, [contact], version, ct));
    }

    private static async Task<string> WriteAsync(KeystoneDbContext db, IReadOnlyList<Contact> contacts, VCardVersion version, CancellationToken ct)
    {
        var accountIds = contacts.Select(c => c.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return VCardWriter.Write(contacts.Select(c => VCardContact.FromContact(c, accounts.GetValueOrDefault(c.AccountId))), version);
    }

    /// <summary>A file name that every system accepts, from a name a person gave.</summary>
    private static string FileNameFor(string name)
    {
        var safe = new string([.. name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-')]).Trim('-', '.');
        while (safe.Contains("--", StringComparison.Ordinal))
        {
            safe = safe.Replace("--", "-", StringComparison.Ordinal);
        }
        return (safe.Length == 0 ? "contacts" : safe[..Math.Min(safe.Length, 80)]) + ".vcf";
    }
}
