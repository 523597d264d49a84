using Keystone.Core.Common;

namespace Keystone.Core.Contacts.VCards;

/// <summary>The vCard versions Keystone reads; it writes 3.0 and 4.0.</summary>
public enum VCardVersion
{
    V21 = 21,
    V30 = 30,
    V40 = 40,
}

/// <summary>
/// An email address with its kinds as the card gives them, in lower case ("work", "home"), and its
/// preference: 1 is the most preferred, null when the card does not say.
/// </summary>
public sealed record VCardEmail(string Address, IReadOnlyList<string> Types, int? Preference = null)
{
    public bool IsWork => Types.Contains("work", StringComparer.Ordinal);
}

/// <summary>A phone number with its kinds ("work", "cell", "fax", ...) and preference, as for <see cref="VCardEmail"/>.</summary>
public sealed record VCardPhone(string Number, IReadOnlyList<string> Types, int? Preference = null)
{
    public bool IsWork => Types.Contains("work", StringComparer.Ordinal);

    public bool IsFax => Types.Contains("fax", StringComparer.Ordinal);
}

public sealed record VCardAddress(
    IReadOnlyList<string> Types,
    string? Street,
    string? Locality,
    string? Region,
    string? PostalCode,
    string? Country,
    string? Extended = null,
    string? PostOfficeBox = null);

/// <summary>A picture of the person: either its bytes with their media type, or a link to it.</summary>
public sealed record VCardPhoto
{
    private VCardPhoto(byte[]? data, string? mediaType, Uri? uri)
    {
        Data = data;
        MediaType = mediaType;
        Uri = uri;
    }

    public byte[]? Data { get; }

    /// <summary>Such as image/jpeg; null when neither the card nor the bytes tell.</summary>
    public string? MediaType { get; }

    public Uri? Uri { get; }

    public static VCardPhoto FromData(byte[] data, string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data, mediaType, null);
    }

    public static VCardPhoto FromUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new(null, null, uri);
    }
}

/// <summary>
/// One person read from a vCard, already held to the rules of a Keystone contact: a first and a
/// last name, a valid email address if there is one. <see cref="Email"/> and <see cref="Phone"/>
/// pick the values for the contact's single email and phone fields.
/// </summary>
public sealed record VCardContact
{
    public required string FirstName { get; init; }
    public required string LastName { get; init; }

    /// <summary>FN as the card has it ("Dr. Anna Weber"); written as "First Last" when null.</summary>
    public string? FormattedName { get; init; }

    public string? Title { get; init; }
    public string? Organization { get; init; }
    public string? Department { get; init; }
    public IReadOnlyList<VCardEmail> Emails { get; init; } = [];
    public IReadOnlyList<VCardPhone> Phones { get; init; } = [];
    public IReadOnlyList<VCardAddress> Addresses { get; init; } = [];
    public VCardPhoto? Photo { get; init; }
    public string? Note { get; init; }
    public DateOnly? Birthday { get; init; }
    public string? Uid { get; init; }
    public DateTimeOffset? Revision { get; init; }

    /// <summary>The most preferred valid address, the first one among equals; null when the card has none.</summary>
    public string? Email => Emails
        .Select((e, i) => (e, i))
        .Where(x => VCardRules.IsValidEmail(x.e.Address))
        .OrderBy(x => x.e.Preference ?? int.MaxValue)
        .ThenBy(x => x.i)
        .Select(x => x.e.Address)
        .FirstOrDefault();

    /// <summary>
    /// The most preferred valid work number, else the most preferred valid number; a fax is never
    /// picked, since the contact's phone is the one to call.
    /// </summary>
    public string? Phone
    {
        get
        {
            var callable = Phones
                .Select((p, i) => (p, i))
                .Where(x => !x.p.IsFax && VCardRules.IsValidPhone(x.p.Number))
                .ToList();
            var pool = callable.Any(x => x.p.IsWork) ? callable.Where(x => x.p.IsWork) : callable;
            return pool
                .OrderBy(x => x.p.Preference ?? int.MaxValue)
                .ThenBy(x => x.i)
                .Select(x => x.p.Number)
                .FirstOrDefault();
        }
    }

    /// <summary>The fields of a new Keystone contact at <paramref name="accountId"/>.</summary>
    public ContactInput ToContactInput(Guid accountId) => new()
    {
        AccountId = accountId,
        FirstName = FirstName,
        LastName = LastName,
        Title = Title,
        Email = Email,
        Phone = Phone,
    };

    /// <summary>A card for an existing contact; its id becomes the card's UID so that a re-import finds it.</summary>
    public static VCardContact FromContact(Contact contact, string? organization = null)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new VCardContact
        {
            FirstName = contact.FirstName,
            LastName = contact.LastName,
            Title = contact.Title,
            Organization = organization,
            Emails = contact.Email is null ? [] : [new VCardEmail(contact.Email, ["work"], 1)],
            Phones = contact.Phone is null ? [] : [new VCardPhone(contact.Phone, ["work", "voice"], 1)],
            Uid = "urn:uuid:" + contact.Id.ToString("D"),
            Revision = contact.UpdatedAt == default ? null : contact.UpdatedAt.ToUniversalTime(),
        };
    }
}

/// <summary>The checks a contact's fields get in <see cref="ContactInput"/>, applied to what a card holds.</summary>
internal static class VCardRules
{
    public const int NameLength = 100;
    public const int TitleLength = 200;
    public const int PhoneLength = 50;

    public static bool IsValidEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var v = new Validator();
        v.Email("email", value);
        return v.IsValid;
    }

    public static bool IsValidPhone(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && value.Trim().Length <= PhoneLength
        && value.Trim().All(ch => char.IsDigit(ch) || " +-().x/".Contains(ch, StringComparison.Ordinal));
}
