using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

/// <summary>The head of KAM approves or refuses a pending tier request; its requester may withdraw it.</summary>
public static class DecideTierRequest
{
    public enum Decision
    {
        Approve,
        Refuse,
        Withdraw,
    }

    /// <summary>
    /// Decides the request if it is still at <paramref name="expectedVersion"/> (null: whatever version)
    /// and still pending. Approving moves the account to the requested tier in the same transaction,
    /// audited and with a new account version.
    /// </summary>
    public static async Task<TierRequestDetails> HandleAsync(
        KeystoneDbContext db, Guid id, Decision decision, int? expectedVersion, string? note, CancellationToken ct = default)
    {
        var request = await db.TierRequests.SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException("Tier request", id);
        var actor = db.Actor;
        if (decision == Decision.Withdraw)
        {
            AccessRules.Demand(actor.UserId == request.RequestedById, "Only the person who asked for this tier change can withdraw it.");
        }
        else
        {
            AccessRules.Demand(actor.CanDecideTierRequests(), "Only the head of KAM or an administrator decides tier requests.");
        }
        if (expectedVersion is { } expected && request.Version != expected)
        {
            throw new ConcurrencyConflictException("Tier request", id, request.Version);
        }
        if (request.Status != TierRequestStatus.Pending)
        {
            throw new ConflictException($"This tier request was already {request.Status.ToIdentifier()}; only a pending request can be {Past(decision)}.");
        }

        var v = new Validator();
        var text = decision == Decision.Refuse
            ? v.Required("note", note, TierRequest.NoteMaxLength, "A note saying why")
            : v.Optional("note", note, TierRequest.NoteMaxLength, "Note");
        v.ThrowIfInvalid();

        request.Status = decision switch
        {
            Decision.Approve => TierRequestStatus.Approved,
            Decision.Refuse => TierRequestStatus.Refused,
            _ => TierRequestStatus.Withdrawn,
        };
        request.DecidedById = actor.RequireUserId();
        request.DecidedAt = db.Clock.GetUtcNow();
        request.DecisionNote = text;
        if (decision == Decision.Approve)
        {
            var account = await db.Accounts.IgnoreQueryFilters().SingleAsync(a => a.Id == request.AccountId, ct);
            account.Tier = request.ToTier;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.TierRequests.AsNoTracking().Where(r => r.Id == id).Select(r => (int?)r.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Tier request", id, current ?? -1);
        }
        return await TierRequestDetails.LoadAsync(db, id, ct);
    }

    private static string Past(Decision decision) => decision switch
    {
        Decision.Approve => "approved",
        Decision.Refuse => "refused",
        _ => "withdrawn",
    };
}
