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
    /// <summary>
    /// Two round trips: the account with everything of its own (team and their names, external ids,
    /// owner and editors' names, parent, contact count), then its subsidiaries, kept apart so that a
    /// large group does not multiply the rows of the first. Parent, subsidiaries and contacts pass
    /// through the access filter: one sees only the relatives and the count one may see.
    /// </summary>
    internal static async Task<AccountDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        var row = await db.Accounts.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new
            {
                Account = a,
                Team = a.TeamMembers.Select(m => new { Member = m, Name = db.Users.Where(u => u.Id == m.UserId).Select(u => u.DisplayName).FirstOrDefault() }).ToList(),
                ExternalIds = a.ExternalIds.ToList(),
                OwnerName = db.Users.Where(u => u.Id == a.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                CreatedByName = db.Users.Where(u => u.Id == a.CreatedById).Select(u => u.DisplayName).FirstOrDefault(),
                UpdatedByName = db.Users.Where(u => u.Id == a.UpdatedById).Select(u => u.DisplayName).FirstOrDefault(),
                ParentId = db.Accounts.Where(p => p.Id == a.ParentAccountId).Select(p => (Guid?)p.Id).FirstOrDefault(),
                ParentName = db.Accounts.Where(p => p.Id == a.ParentAccountId).Select(p => p.Name).FirstOrDefault(),
                ContactCount = db.Contacts.Count(c => c.AccountId == a.Id),
            })
            .AsSingleQuery()
            .SingleOrDefaultAsync(ct)
            ?? throw new Common.NotFoundException("Account", id);
        var subsidiaries = await db.Accounts.AsNoTracking()
            .Where(a => a.ParentAccountId == id)
            .OrderBy(a => a.Name)
            .Select(a => new AccountRef(a.Id, a.Name))
            .ToListAsync(ct);

        var account = row.Account;
        account.TeamMembers = [.. row.Team.Select(t => t.Member)];
        account.ExternalIds = row.ExternalIds;
        var teamNames = row.Team.ToDictionary(t => t.Member.UserId, t => t.Name);
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
            new UserRef(account.OwnerId, row.OwnerName ?? "(unknown)"),
            row.ParentId is { } parentId ? new AccountRef(parentId, row.ParentName!) : null,
            subsidiaries,
            [.. account.TeamMembers
                .Select(m => new TeamMemberDetails(m.UserId, teamNames.GetValueOrDefault(m.UserId) ?? "(unknown)", m.Role))
                .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)],
            [.. account.ExternalIds.Select(x => new ExternalIdDetails(x.Source, x.ExternalId)).OrderBy(x => x.Source, StringComparer.Ordinal)],
            row.ContactCount,
            account.CreatedAt,
            account.CreatedById is { } c && row.CreatedByName is { } createdBy ? new UserRef(c, createdBy) : null,
            account.UpdatedAt,
            account.UpdatedById is { } u && row.UpdatedByName is { } updatedBy ? new UserRef(u, updatedBy) : null,
            account.Version,
            db.Actor.CanEdit(account),
            db.Actor.CanDelete(account));
    }
}
