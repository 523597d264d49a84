using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

public sealed record TeamMemberInput(Guid UserId, string? Role);

public sealed record ExternalIdInput(string? Source, string? Id);

/// <summary>
/// The fields a person may set on an account. Unset fields are left as they are; on create,
/// <see cref="Name"/> is required and the owner defaults to the creator.
/// </summary>
public sealed record AccountInput
{
    public Optional<string?> Name { get; init; }
    public Optional<string?> LegalName { get; init; }
    public Optional<string?> Industry { get; init; }
    public Optional<string?> Country { get; init; }
    public Optional<string?> TimeZone { get; init; }
    public Optional<string?> Currency { get; init; }
    public Optional<string?> Website { get; init; }
    public Optional<string?> Tier { get; init; }
    public Optional<Guid?> OwnerId { get; init; }
    public Optional<Guid?> ParentAccountId { get; init; }
    public Optional<bool> IsGlobal { get; init; }
    public Optional<IReadOnlyList<TeamMemberInput>?> Team { get; init; }
    public Optional<IReadOnlyList<ExternalIdInput>?> ExternalIds { get; init; }

    /// <summary>Checks every field against the rules and applies the valid ones; throws with all errors at once.</summary>
    internal async Task ApplyToAsync(KeystoneDbContext db, Account account, bool isNew, CancellationToken ct)
    {
        var v = new Validator();
        var actor = db.Actor;

        if (isNew || Name.IsSet)
        {
            account.Name = v.Required("name", Name.GetValueOrDefault(null), 200, "Name") ?? account.Name;
        }
        if (LegalName.IsSet)
        {
            account.LegalName = v.Optional("legalName", LegalName.Value, 300, "Legal name");
        }
        if (Industry.IsSet)
        {
            account.Industry = v.Optional("industry", Industry.Value, 100, "Industry");
        }
        if (Country.IsSet)
        {
            account.Country = v.Country("country", Country.Value);
        }
        if (TimeZone.IsSet)
        {
            account.TimeZone = v.TimeZone("timeZone", TimeZone.Value);
        }
        if (Currency.IsSet)
        {
            account.Currency = v.Currency("currency", Currency.Value);
        }
        if (Website.IsSet)
        {
            account.Website = v.Url("website", Website.Value);
        }
        if (Tier.IsSet)
        {
            if (Tier.Value is null)
            {
                v.Add("tier", "Tier is required; use strategic, key, managed or standard.");
            }
            else if (AccountTiers.TryParse(Tier.Value, out var tier))
            {
                // Tiers decide who gets a KAM's time: only the head of KAM sets one; others ask (ADR 0006).
                // A form that sends the tier unchanged is fine.
                var unchanged = isNew ? tier == AccountTier.Standard : tier == account.Tier;
                if (!unchanged && !actor.CanSetTierDirectly())
                {
                    v.Add("tier", isNew
                        ? "New accounts start as standard; once the account exists, ask the head of KAM for another tier with a tier request."
                        : "Only the head of KAM changes a tier directly; ask for the change with a tier request on the account (POST /api/v1/accounts/{id}/tier-requests).");
                }
                else
                {
                    account.Tier = tier;
                }
            }
            else
            {
                v.Add("tier", $"'{Tier.Value}' is not a tier; use strategic, key, managed or standard.");
            }
        }

        await ApplyOwnerAsync(db, account, isNew, v, ct);
        await ApplyParentAsync(db, account, v, ct);
        await ApplyTeamAsync(db, account, v, ct);
        await ApplyExternalIdsAsync(db, account, v, ct);
        if (IsGlobal.IsSet)
        {
            account.IsGlobal = IsGlobal.Value;
        }
        if (account.IsGlobal && account.ParentAccountId is not null && (IsGlobal.IsSet || ParentAccountId.IsSet))
        {
            v.Add(IsGlobal.IsSet ? "isGlobal" : "parentAccountId",
                "Only a group (an account without a parent) can be a global account; clear the parent or the global flag.");
        }
        v.ThrowIfInvalid();
        _ = actor;
    }

    private async Task ApplyOwnerAsync(KeystoneDbContext db, Account account, bool isNew, Validator v, CancellationToken ct)
    {
        var actor = db.Actor;
        var requested = OwnerId.IsSet ? OwnerId.Value : null;
        if (isNew && requested is null)
        {
            if (actor.UserId is not { } self)
            {
                v.Add("ownerId", "Name the account's owner.");
                return;
            }
            account.OwnerId = self;
            return;
        }
        if (!OwnerId.IsSet || requested == account.OwnerId)
        {
            return;
        }
        if (requested is null)
        {
            v.Add("ownerId", "An account always has an owner; name one.");
            return;
        }
        if (!actor.CanAssignOwners() && requested != actor.UserId)
        {
            v.Add("ownerId", "Only a head of KAM or an administrator can name another owner; leave the owner out.");
            return;
        }
        if (!actor.CanAssignOwners() && !isNew)
        {
            v.Add("ownerId", "Only a head of KAM or an administrator can hand an account over; ask one of them.");
            return;
        }
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == requested).Select(u => new { u.Role, u.IsActive }).SingleOrDefaultAsync(ct);
        if (owner is null || !owner.IsActive)
        {
            v.Add("ownerId", $"There is no active user '{requested}'; pick the owner from the user list.");
        }
        else if (!owner.Role.CanOwnAccounts())
        {
            v.Add("ownerId", $"A {owner.Role.DisplayName().ToLowerInvariant()} cannot own accounts; pick a key account manager.");
        }
        else
        {
            account.OwnerId = requested.Value;
        }
    }

    private async Task ApplyParentAsync(KeystoneDbContext db, Account account, Validator v, CancellationToken ct)
    {
        if (!ParentAccountId.IsSet)
        {
            return;
        }
        var parentId = ParentAccountId.Value;
        if (parentId is null)
        {
            account.ParentAccountId = null;
            return;
        }
        if (parentId == account.Id)
        {
            v.Add("parentAccountId", "An account cannot be its own parent.");
            return;
        }
        // The parent must be visible: an account never links to a record its editor cannot see.
        if (!await db.Accounts.AnyAsync(a => a.Id == parentId, ct))
        {
            v.Add("parentAccountId", $"There is no account '{parentId}' that you can see; pick the parent from the account list.");
            return;
        }
        // Every account counts, including those the editor cannot see: a loop through them is a loop too.
        var parents = await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ParentAccountId != null)
            .Select(a => new { a.Id, a.ParentAccountId })
            .ToDictionaryAsync(a => a.Id, a => a.ParentAccountId, ct);
        if (AccountHierarchy.WouldLoop(account.Id, parentId.Value, parents))
        {
            v.Add("parentAccountId", "That parent is a subsidiary of this account; a hierarchy cannot loop. Pick an account outside this account's group.");
            return;
        }
        account.ParentAccountId = parentId;
    }

    private async Task ApplyTeamAsync(KeystoneDbContext db, Account account, Validator v, CancellationToken ct)
    {
        if (!Team.IsSet)
        {
            return;
        }
        var wanted = Team.Value ?? [];
        var ids = wanted.Select(m => m.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.IsActive }).ToDictionaryAsync(u => u.Id, ct);
        var seen = new HashSet<Guid>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var member = wanted[i];
            var role = v.Required($"team[{i}].role", member.Role, 100, "Role on the account");
            if (!users.TryGetValue(member.UserId, out var user) || !user.IsActive)
            {
                v.Add($"team[{i}].userId", $"There is no active user '{member.UserId}'; pick team members from the user list.");
            }
            else if (!seen.Add(member.UserId))
            {
                v.Add($"team[{i}].userId", "This person is already on the team; list each member once.");
            }
            else if (role is not null)
            {
                var existing = account.TeamMembers.FirstOrDefault(m => m.UserId == member.UserId);
                if (existing is null)
                {
                    account.TeamMembers.Add(new AccountTeamMember { AccountId = account.Id, UserId = member.UserId, Role = role });
                }
                else
                {
                    existing.Role = role;
                }
            }
        }
        account.TeamMembers.RemoveAll(m => !seen.Contains(m.UserId));
    }

    private async Task ApplyExternalIdsAsync(KeystoneDbContext db, Account account, Validator v, CancellationToken ct)
    {
        if (!ExternalIds.IsSet)
        {
            return;
        }
        var wanted = ExternalIds.Value ?? [];
        var sources = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < wanted.Count; i++)
        {
            var source = v.Required($"externalIds[{i}].source", wanted[i].Source, 50, "Source system");
            var id = v.Required($"externalIds[{i}].id", wanted[i].Id, 200, "External id");
            if (source is null || id is null)
            {
                continue;
            }
            if (!sources.Add(source))
            {
                v.Add($"externalIds[{i}].source", $"'{source}' is listed twice; an account has one id per source system.");
                continue;
            }
            // Ids are unique per source across all accounts, including those the editor cannot see.
            var taken = await db.AccountExternalIds.AnyAsync(x => x.Source == source && x.ExternalId == id && x.AccountId != account.Id, ct);
            if (taken)
            {
                v.Add($"externalIds[{i}].id", $"{source} id '{id}' already belongs to another account; check the id or ask an administrator to find that account.");
                continue;
            }
            var existing = account.ExternalIds.FirstOrDefault(x => string.Equals(x.Source, source, StringComparison.OrdinalIgnoreCase));
            if (existing is null)
            {
                account.ExternalIds.Add(new AccountExternalId { AccountId = account.Id, Source = source, ExternalId = id });
            }
            else
            {
                existing.ExternalId = id;
            }
        }
        account.ExternalIds.RemoveAll(x => !sources.Contains(x.Source));
    }
}
