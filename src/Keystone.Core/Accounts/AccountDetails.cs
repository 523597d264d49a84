using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

public sealed record UserRef(Guid Id, string DisplayName);

public sealed record AccountRef(Guid Id, string Name);

public sealed record TeamMemberDetails(Guid UserId, string DisplayName, string Role);

public sealed record ExternalIdDetails(string Source, string Id);

/// <summary>An account as the API returns it and its page shows it.</summary>
public sealed record AccountDetails(
    Guid Id,
    string Name,
    string? LegalName,
    string? Industry,
    string? Country,
    string? TimeZone,
    string? Currency,
    string? Website,
    string Tier,
    bool IsGlobal,
    UserRef Owner,
    AccountRef? Parent,
    IReadOnlyList<AccountRef> Subsidiaries,
    IReadOnlyList<TeamMemberDetails> Team,
    IReadOnlyList<ExternalIdDetails> ExternalIds,
    int ContactCount,
    DateTimeOffset CreatedAt,
    UserRef? CreatedBy,
    DateTimeOffset UpdatedAt,
    UserRef? UpdatedBy,
    int Version,
    bool CanEdit,
    bool CanDelete)
{
    internal static async Task<AccountDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking()
            .Include(a => a.TeamMembers)
            .Include(a => a.ExternalIds)
            .SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new Common.NotFoundException("Account", id);

        var userIds = account.TeamMembers.Select(m => m.UserId)
            .Append(account.OwnerId)
            .Concat(new[] { account.CreatedById, account.UpdatedById }.OfType<Guid>())
            .Distinct()
            .ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);

        // Parent and subsidiaries pass through the access filter: one sees only the relatives one may see.
        var parent = account.ParentAccountId is { } parentId
            ? await db.Accounts.AsNoTracking().Where(a => a.Id == parentId).Select(a => new AccountRef(a.Id, a.Name)).SingleOrDefaultAsync(ct)
            : null;
        var subsidiaries = await db.Accounts.AsNoTracking()
            .Where(a => a.ParentAccountId == id)
            .OrderBy(a => a.Name)
            .Select(a => new AccountRef(a.Id, a.Name))
            .ToListAsync(ct);
        var contactCount = await db.Contacts.CountAsync(c => c.AccountId == id, ct);

        return new AccountDetails(
            account.Id,
            account.Name,
            account.LegalName,
            account.Industry,
            account.Country,
            account.TimeZone,
            account.Currency,
            account.Website,
            account.Tier.ToIdentifier(),
            account.IsGlobal,
            users.GetValueOrDefault(account.OwnerId) ?? new UserRef(account.OwnerId, "(unknown)"),
            parent,
            subsidiaries,
            [.. account.TeamMembers
                .Select(m => new TeamMemberDetails(m.UserId, users.GetValueOrDefault(m.UserId)?.DisplayName ?? "(unknown)", m.Role))
                .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)],
            [.. account.ExternalIds.Select(x => new ExternalIdDetails(x.Source, x.ExternalId)).OrderBy(x => x.Source, StringComparer.Ordinal)],
            contactCount,
            account.CreatedAt,
            account.CreatedById is { } c ? users.GetValueOrDefault(c) : null,
            account.UpdatedAt,
            account.UpdatedById is { } u ? users.GetValueOrDefault(u) : null,
            account.Version,
            db.Actor.CanEdit(account),
            db.Actor.CanDelete(account));
    }
}
