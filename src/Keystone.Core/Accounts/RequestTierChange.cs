using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

/// <summary>A KAM asks the head of KAM to move an account to another tier, saying why.</summary>
public static class RequestTierChange
{
    public sealed record Input(string? Tier, string? Reason);

    public static async Task<TierRequestDetails> HandleAsync(KeystoneDbContext db, Guid accountId, Input input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var account = await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new NotFoundException("Account", accountId);
        AccessRules.Demand(db.Actor.CanRequestTierChange(account), "You can see this account but not ask for its tier to change; ask its owner.");

        var v = new Validator();
        AccountTier? tier = null;
        if (string.IsNullOrWhiteSpace(input.Tier))
        {
            v.Add("tier", "Name the tier you ask for: strategic, key, managed or standard.");
        }
        else if (!AccountTiers.TryParse(input.Tier, out var parsed))
        {
            v.Add("tier", $"'{input.Tier}' is not a tier; use strategic, key, managed or standard.");
        }
        else if (parsed == account.Tier)
        {
            v.Add("tier", $"{account.Name} is already {parsed.DisplayName().ToLowerInvariant()}; ask for another tier.");
        }
        else
        {
            tier = parsed;
        }
        var reason = v.Required("reason", input.Reason, TierRequest.ReasonMaxLength, "Reason");
        v.ThrowIfInvalid();

        await ThrowIfPendingAsync(db, account, ct);
        var request = new TierRequest
        {
            AccountId = account.Id,
            FromTier = account.Tier,
            ToTier = tier!.Value,
            Reason = reason!,
            RequestedById = db.Actor.RequireUserId(),
        };
        db.TierRequests.Add(request);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests at once: the unique index on pending requests let one through.
            db.ChangeTracker.Clear();
            await ThrowIfPendingAsync(db, account, ct);
            throw;
        }
        return await TierRequestDetails.LoadAsync(db, request.Id, ct);
    }

    private static async Task ThrowIfPendingAsync(KeystoneDbContext db, Account account, CancellationToken ct)
    {
        var pending = await db.TierRequests.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.AccountId == account.Id && r.Status == TierRequestStatus.Pending)
            .Select(r => new { r.Id, r.ToTier })
            .FirstOrDefaultAsync(ct);
        if (pending is not null)
        {
            throw new ConflictException(
                $"{account.Name} already has a pending request to become {pending.ToTier.DisplayName().ToLowerInvariant()} ({pending.Id}); wait for the head of KAM's decision, or withdraw that request first.");
        }
    }
}
