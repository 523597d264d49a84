using System.Runtime.CompilerServices;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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
        var queries = CompiledQueries.GetValue(db.Model, _ => new Queries());
        var row = await queries.Summary(db, id, ct) ?? throw new Common.NotFoundException("Account", id);
        var subsidiaries = new List<AccountRef>();
        await foreach (var subsidiary in queries.Subsidiaries(db, id).WithCancellation(ct))
        {
            subsidiaries.Add(subsidiary);
        }

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
            // The parent's name is there only when the parent is visible (names are required).
            account.ParentAccountId is { } parentId && row.ParentName is { } parentName ? new AccountRef(parentId, parentName) : null,
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

    private sealed record SummaryRow(
        Account Account, List<TeamRow> Team, List<AccountExternalId> ExternalIds, string? OwnerName, string? CreatedByName,
        string? UpdatedByName, string? ParentName, int ContactCount);

    private sealed record TeamRow(AccountTeamMember Member, string? Name);

    // Compiled once per model (EF Core runs a compiled query against the model it was compiled for only, and
    // one process may hold both providers' models): the summary is read on every account page and API call,
    // and translating its LINQ again each time cost more than running its SQL.
    private static readonly ConditionalWeakTable<IModel, Queries> CompiledQueries = [];

    private sealed class Queries
    {
        public Func<KeystoneDbContext, Guid, CancellationToken, Task<SummaryRow?>> Summary { get; } = EF.CompileAsyncQuery(
            (KeystoneDbContext db, Guid id, CancellationToken ct) => db.Accounts.AsNoTracking()
                .Where(a => a.Id == id)
                .Select(a => new SummaryRow(
                    a,
                    a.TeamMembers.Select(m => new TeamRow(m, db.Users.Where(u => u.Id == m.UserId).Select(u => u.DisplayName).FirstOrDefault())).ToList(),
                    a.ExternalIds.ToList(),
                    db.Users.Where(u => u.Id == a.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                    db.Users.Where(u => u.Id == a.CreatedById).Select(u => u.DisplayName).FirstOrDefault(),
                    db.Users.Where(u => u.Id == a.UpdatedById).Select(u => u.DisplayName).FirstOrDefault(),
                    db.Accounts.Where(p => p.Id == a.ParentAccountId).Select(p => p.Name).FirstOrDefault(),
                    db.Contacts.Count(c => c.AccountId == a.Id)))
                .AsSingleQuery()
                .SingleOrDefault());

        public Func<KeystoneDbContext, Guid, IAsyncEnumerable<AccountRef>> Subsidiaries { get; } = EF.CompileAsyncQuery(
            (KeystoneDbContext db, Guid id) => db.Accounts.AsNoTracking()
                .Where(a => a.ParentAccountId == id)
                .OrderBy(a => a.Name)
                .Select(a => new AccountRef(a.Id, a.Name)));
    }
}
