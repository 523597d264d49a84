using System.Linq.Expressions;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

public sealed record AccountListItem(
    Guid Id,
    string Name,
    string? Industry,
    string? Country,
    string Tier,
    Guid OwnerId,
    string OwnerName,
    Guid? ParentAccountId,
    DateTimeOffset UpdatedAt,
    bool IsGlobal = false);

public static class ListAccounts
{
    public sealed record Query
    {
        /// <summary>Words to look for in the name or legal name.</summary>
        public string? Search { get; init; }
        public string? Tier { get; init; }
        public string? Country { get; init; }
        public Guid? OwnerId { get; init; }
        public Guid? ParentAccountId { get; init; }

        /// <summary>True: global accounts only; false: all but them.</summary>
        public bool? Global { get; init; }

        /// <summary>name, country, createdAt or updatedAt; a leading '-' sorts descending.</summary>
        public string? Sort { get; init; }
        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    public static readonly IReadOnlyList<string> Sorts = ["name", "country", "createdAt", "updatedAt"];

    public static async Task<Page<AccountListItem>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        var pageSize = Paging.CheckPageSize(query.PageSize);
        var filtered = Filter(await NarrowToPortfolioAsync(db, db.Accounts.AsNoTracking(), ct), query);
        var keyset = KeysetFor(query.Sort);
        var total = await filtered.CountAsync(ct);

        var rows = await keyset.Apply(filtered, query.PageToken)
            .Take(pageSize)
            .ToListAsync(ct);
        var ownerIds = rows.Select(a => a.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var items = rows.Select(a => new AccountListItem(
            a.Id, a.Name, a.Industry, a.Country, a.Tier.ToIdentifier(), a.OwnerId, owners.GetValueOrDefault(a.OwnerId, ""), a.ParentAccountId, a.UpdatedAt, a.IsGlobal)).ToList();
        return new Page<AccountListItem>(items, keyset.NextToken(rows, pageSize), total);
    }

    // Above this many accounts on the teams of the actor's people, the narrowing below is left out.
    private const int MaxTeamAccounts = 1_000;

    /// <summary>
    /// The access filter (owner among the actor's people, or one of them on the team) is an OR of a column
    /// and a subquery, which no index serves: the database reads every account to apply it. The same
    /// rule is added here as an OR of two indexed lookups (the owner index and the ids of the accounts
    /// whose team they are on, read first), so that only the actor's accounts are read. The access
    /// filter still applies on top: this can only narrow what the actor sees, never widen it.
    /// </summary>
    private static async Task<IQueryable<Account>> NarrowToPortfolioAsync(KeystoneDbContext db, IQueryable<Account> accounts, CancellationToken ct)
    {
        if (db.Actor.SeesAll)
        {
            return accounts;
        }
        var people = db.Actor.VisibleUserIds.ToArray();
        var teamAccounts = await db.AccountTeamMembers.AsNoTracking()
            .Where(m => people.Contains(m.UserId))
            .Select(m => m.AccountId)
            .Distinct()
            .OrderBy(id => id)
            .Take(MaxTeamAccounts + 1)
            .ToArrayAsync(ct);
        return teamAccounts.Length > MaxTeamAccounts
            ? accounts
            : accounts.Where(a => people.Contains(a.OwnerId) || teamAccounts.Contains(a.Id));
    }

    private static IQueryable<Account> Filter(IQueryable<Account> accounts, Query query)
    {
        var v = new Validator();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            foreach (var word in query.Search.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
            {
                accounts = accounts.Where(a => a.Name.ToLower().Contains(word) || (a.LegalName != null && a.LegalName.ToLower().Contains(word)));
            }
        }
        if (!string.IsNullOrWhiteSpace(query.Tier))
        {
            if (AccountTiers.TryParse(query.Tier, out var tier))
            {
                accounts = accounts.Where(a => a.Tier == tier);
            }
            else
            {
                v.Add("tier", $"'{query.Tier}' is not a tier; use strategic, key, managed or standard.");
            }
        }
        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var country = query.Country.Trim().ToUpperInvariant();
            accounts = accounts.Where(a => a.Country == country);
        }
        if (query.OwnerId is { } ownerId)
        {
            accounts = accounts.Where(a => a.OwnerId == ownerId);
        }
        if (query.ParentAccountId is { } parentId)
        {
            accounts = accounts.Where(a => a.ParentAccountId == parentId);
        }
        if (query.Global is { } global)
        {
            accounts = accounts.Where(a => a.IsGlobal == global);
        }
        v.ThrowIfInvalid();
        return accounts;
    }

    private static Keyset<Account> KeysetFor(string? sort)
    {
        var descending = sort?.StartsWith('-') == true;
        var field = (sort ?? "name").TrimStart('-', '+');
        LambdaExpression key = field switch
        {
            "name" => (Expression<Func<Account, string>>)(a => a.Name),
            "country" => (Expression<Func<Account, string>>)(a => a.Country ?? ""),
            "createdAt" => (Expression<Func<Account, DateTimeOffset>>)(a => a.CreatedAt),
            "updatedAt" => (Expression<Func<Account, DateTimeOffset>>)(a => a.UpdatedAt),
            _ => throw new ValidationException("sort", $"Cannot sort by '{sort}'; use {string.Join(", ", Sorts)}, with a leading '-' for descending."),
        };
        return new Keyset<Account>(field, descending, key, a => a.Id);
    }
}
