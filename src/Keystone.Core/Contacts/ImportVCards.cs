using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Contacts.VCards;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Contacts;

/// <summary>A contact made from a card of the file.</summary>
public sealed record ImportedContact(int CardIndex, Guid Id, string Name);

/// <summary>A card left out because the account already has this person (or the file had them twice).</summary>
public sealed record SkippedDuplicate(int CardIndex, string Name, string Reason, Guid? ExistingContactId);

/// <summary>What an import did: the contacts it made, the duplicates it left out, and each card it could not take, with why.</summary>
public sealed record VCardImportResult(
    int Cards,
    IReadOnlyList<ImportedContact> Created,
    IReadOnlyList<SkippedDuplicate> Duplicates,
    IReadOnlyList<VCardProblem> Errors,
    IReadOnlyList<VCardProblem> Warnings);

/// <summary>
/// Adds the people of a .vcf file to one account. Each card is held to the rules of
/// <see cref="CreateContact"/> on its own; the contacts that pass are saved together, so that a
/// failure saves none of them and an import is never half done.
/// </summary>
public static class ImportVCards
{
    public const int MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxCards = 5_000;

    public static async Task<VCardImportResult> HandleAsync(KeystoneDbContext db, Guid accountId, Stream file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var account = await AccountToImportIntoAsync(db, accountId, ct);
        using var buffer = await BoundedRead.ReadAllAsync(file, MaxFileBytes, TooLarge, ct);
        return await ImportAsync(db, account, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
    }

    public static async Task<VCardImportResult> HandleAsync(KeystoneDbContext db, Guid accountId, ReadOnlyMemory<byte> file, CancellationToken ct = default)
    {
        var account = await AccountToImportIntoAsync(db, accountId, ct);
        if (file.Length > MaxFileBytes)
        {
            throw TooLarge();
        }
        return await ImportAsync(db, account, file, ct);
    }

    private static async Task<Accounts.Account> AccountToImportIntoAsync(KeystoneDbContext db, Guid accountId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new NotFoundException("Account", accountId);
        AccessRules.Demand(!db.Actor.IsReadOnly && db.Actor.CanEditContactsOf(account),
            $"You cannot add people to account '{account.Name}'; ask its owner to add you to its team.");
        return account;
    }

    private static async Task<VCardImportResult> ImportAsync(KeystoneDbContext db, Accounts.Account account, ReadOnlyMemory<byte> file, CancellationToken ct)
    {
        var read = VCardReader.Read(file.Span);
        if (read.Cards.Count == 0)
        {
            var why = read.FileProblems.Count > 0 ? read.FileProblems[0].Message : "The file holds no vCard (no BEGIN:VCARD line); export the contacts as a .vcf file.";
            throw new ValidationException("file", $"This is not a vCard file. {why}");
        }
        if (read.Cards.Count > MaxCards)
        {
            throw new ValidationException("file", $"The file holds {read.Cards.Count:N0} cards; import at most {MaxCards:N0} at a time by splitting the file.");
        }

        var existing = await db.Contacts.AsNoTracking()
            .Where(c => c.AccountId == account.Id)
            .Select(c => new { c.Id, c.Email, c.FirstName, c.LastName })
            .ToListAsync(ct);
        var byEmail = existing.Where(c => c.Email != null)
            .GroupBy(c => c.Email!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (Guid?)g.First().Id, StringComparer.OrdinalIgnoreCase);
        var existingIds = existing.Select(c => c.Id).ToHashSet();

        var created = new List<(int Index, Contact Contact)>();
        var duplicates = new List<SkippedDuplicate>();
        var errors = new List<VCardProblem>();
        var warnings = new List<VCardProblem>(read.FileProblems);
        foreach (var card in read.Cards)
        {
            warnings.AddRange(card.Warnings);
            if (card.Contact is not { } person)
            {
                errors.AddRange(card.Errors);
                continue;
            }
            var name = $"{person.FirstName} {person.LastName}".Trim();
            // A card Keystone wrote carries the contact's id as its UID: bringing the file back changes nothing.
            if (ContactIdOf(person.Uid) is { } uid && existingIds.Contains(uid))
            {
                duplicates.Add(new SkippedDuplicate(card.Index, name, "This contact was exported from this account and is still there.", uid));
                continue;
            }
            // The account is checked once above; a contact made for it skips the per-card lookup.
            var contact = new Contact { AccountId = account.Id };
            try
            {
                await person.ToContactInput(account.Id).ApplyToAsync(db, contact, isNew: true, ct);
            }
            catch (ValidationException e)
            {
                errors.Add(new VCardProblem(card.Index, card.Line, $"{name}: {string.Join(" ", e.Errors.SelectMany(f => f.Value))}"));
                continue;
            }
            if (contact.Email is { } email)
            {
                if (byEmail.TryGetValue(email, out var existingId))
                {
                    duplicates.Add(new SkippedDuplicate(card.Index, name,
                        existingId is null ? $"An earlier card of the file has the email address {email}." : $"The account already has a contact with the email address {email}.",
                        existingId));
                    continue;
                }
                byEmail[email] = null;
            }
            created.Add((card.Index, contact));
        }

        if (created.Count > 0)
        {
            db.Contacts.AddRange(created.Select(c => c.Contact));
            await db.SaveChangesAsync(ct);
        }
        return new VCardImportResult(
            read.Cards.Count,
            [.. created.Select(c => new ImportedContact(c.Index, c.Contact.Id, c.Contact.FullName))],
            duplicates,
            errors,
            warnings);
    }

    private static Guid? ContactIdOf(string? uid)
    {
        const string prefix = "urn:uuid:";
        var value = uid?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true ? uid[prefix.Length..] : uid;
        return Guid.TryParse(value, out var id) ? id : null;
    }

    private static ValidationException TooLarge() =>
        new("file", $"The file is larger than {MaxFileBytes / (1024 * 1024)} MB; split it into smaller files and import them one by one.");
}
