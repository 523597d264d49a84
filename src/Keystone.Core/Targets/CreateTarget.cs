using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Targets;

public static class CreateTarget
{
    /// <summary>Sets a target; a second one for the same scope, metric and period is a conflict (409) naming the first.</summary>
    public static async Task<TargetDetails> HandleAsync(KeystoneDbContext db, TargetInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, _) = await input.ToNewTargetAsync(db, ct);
        await RefuseDuplicateAsync(db, target, ct);
        db.Set<Target>().Add(target);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another writer set the same target between the check and the insert; the unique index refused this one.
            db.ChangeTracker.Clear();
            await RefuseDuplicateAsync(db, target, ct);
            throw;
        }
        return await TargetDetails.LoadAsync(db, target.Id, ct);
    }

    private static async Task RefuseDuplicateAsync(KeystoneDbContext db, Target target, CancellationToken ct)
    {
        var existing = await db.Set<Target>().AsNoTracking()
            .Where(t => t.ScopeKey == target.ScopeKey && t.Metric == target.Metric && t.Period == target.Period)
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            throw new ConflictException(
                $"There is already a {target.Metric.ToIdentifier()} target for this {target.ScopeKind.ToString().ToLowerInvariant()} in {target.Period} " +
                $"(/api/v1/targets/{id}); change its value with PATCH instead of creating another.");
        }
    }
}

public static class UpdateTarget
{
    /// <summary>Changes a target's value; the scope, metric and period name the target and cannot change.</summary>
    public static async Task<TargetDetails> HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, TargetInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, subject) = await TargetDetails.FindAsync(db, id, tracked: true, ct);
        Access.AccessRules.Demand(db.Actor.CanSetTargetsOf(subject),
            "Targets are set by a head of KAM, an administrator, or a senior KAM for the juniors they manage; you may read this target but not change it.");
        var v = new Validator();
        foreach (var (name, isSet) in new[] { ("scope", input.Scope.IsSet), ("userId", input.UserId.IsSet), ("accountId", input.AccountId.IsSet), ("metric", input.Metric.IsSet), ("period", input.Period.IsSet) })
        {
            if (isSet)
            {
                v.Add(name, $"'{name}' names the target and cannot change; delete this target and create another.");
            }
        }
        if (input.Value.IsSet)
        {
            target.Value = TargetInput.CheckValue(v, target.Metric, input.Value.Value) ?? target.Value;
        }
        v.ThrowIfInvalid();
        if (expectedVersion is { } expected && target.Version != expected)
        {
            throw new ConcurrencyConflictException("Target", id, target.Version);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Set<Target>().AsNoTracking().Where(t => t.Id == id).Select(t => t.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Target", id, current);
        }
        return await TargetDetails.LoadAsync(db, id, ct);
    }
}

public static class DeleteTarget
{
    public static async Task HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, CancellationToken ct = default)
    {
        var (target, subject) = await TargetDetails.FindAsync(db, id, tracked: true, ct);
        Access.AccessRules.Demand(db.Actor.CanSetTargetsOf(subject),
            "Targets are set by a head of KAM, an administrator, or a senior KAM for the juniors they manage; you may read this target but not remove it.");
        if (expectedVersion is { } expected && target.Version != expected)
        {
            throw new ConcurrencyConflictException("Target", id, target.Version);
        }
        db.Set<Target>().Remove(target);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Target", id, -1);
        }
    }
}
