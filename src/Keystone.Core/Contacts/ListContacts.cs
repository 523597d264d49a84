using System.Linq.Expressions;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Contacts;

public sealed record ContactListItem(
    Guid Id,
    Guid AccountId,
    string AccountName,
    string FirstName,
    string LastName,
    string? Title,
    string? Email,
    string? Phone,
    DateTimeOffset UpdatedAt);

public static class ListContacts
{
    public sealed record Query
    {
        public string? Search { get; init; }
        public Guid? AccountId { get; init; }

        /// <summary>lastName, firstName, email, createdAt or updatedAt; a leading '-' sorts descending.</summary>
        public string? Sort { get; init; }
        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    public static readonly IReadOnlyList<string> Sorts = ["lastName", "firstName", "email", "createdAt", "updatedAt"];

    public static async Task<Page<ContactListItem>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        var pageSize = Paging.CheckPageSize(query.PageSize);
        var contacts = db.Contacts.AsNoTracking();
        contacts = Matching(contacts, query.Search);
        if (query.AccountId is { } accountId)
        {
            contacts = contacts.Where(c => c.AccountId == accountId);
        }
        var keyset = KeysetFor(query.Sort);
        var total = await contacts.CountAsync(ct);
        var rows = await keyset.Apply(contacts, query.PageToken).Take(pageSize).ToListAsync(ct);
        var accountIds = rows.Select(c => c.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var items = rows.Select(c => new ContactListItem(
            c.Id, c.AccountId, accounts.GetValueOrDefault(c.AccountId, ""), c.FirstName, c.LastName, c.Title, c.Email, c.Phone, c.UpdatedAt)).ToList();
        return new Page<ContactListItem>(items, keyset.NextToken(rows, pageSize), total);
    }

    /// <summary>Contacts with every word of <paramref name="search"/> in a name, the email or the title; the list and the vCard export share it.</summary>
    public static IQueryable<Contact> Matching(IQueryable<Contact> contacts, string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return contacts;
        }
        foreach (var word in search.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
        {
            contacts = contacts.Where(c =>
                c.FirstName.ToLower().Contains(word)
                || c.LastName.ToLower().Contains(word)
                || (c.Email != null && c.Email.Contains(word))
                || (c.Title != null && c.Title.ToLower().Contains(word)));
        }
        return contacts;
    }

    private static Keyset<Contact> KeysetFor(string? sort)
    {
        var descending = sort?.StartsWith('-') == true;
        var field = (sort ?? "lastName").TrimStart('-', '+');
        LambdaExpression key = field switch
        {
            "lastName" => (Expression<Func<Contact, string>>)(c => c.LastName),
            "firstName" => (Expression<Func<Contact, string>>)(c => c.FirstName),
            "email" => (Expression<Func<Contact, string>>)(c => c.Email ?? ""),
            "createdAt" => (Expression<Func<Contact, DateTimeOffset>>)(c => c.CreatedAt),
            "updatedAt" => (Expression<Func<Contact, DateTimeOffset>>)(c => c.UpdatedAt),
            _ => throw new ValidationException("sort", $"Cannot sort by '{sort}'; use {string.Join(", ", Sorts)}, with a leading '-' for descending."),
        };
        return new Keyset<Contact>(field, descending, key, c => c.Id);
    }
}
