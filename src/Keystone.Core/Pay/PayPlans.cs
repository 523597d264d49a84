using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Targets;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Pay;

public sealed record PayComponentDetails(string Metric, string Label, decimal Weight);

public sealed record PayMemberDetails(UserRef User, decimal OnTargetPay);

/// <summary>
/// A pay plan as the API returns it. Its members are those the actor may see the pay of: everyone for
/// those who see every account, else themselves and the people they manage.
/// </summary>
public sealed record PayPlanDetails(
    Guid Id,
    string Name,
    string Period,
    decimal Threshold,
    decimal Cap,
    decimal Accelerator,
    IReadOnlyList<PayComponentDetails> Components,
    IReadOnlyList<PayMemberDetails> Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    bool CanEdit)
{
    /// <summary>A plan the actor may read: any for those who see every account, else one that pays them or someone they manage.</summary>
    internal static async Task<PayPlan> FindAsync(KeystoneDbContext db, Guid id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Set<PayPlan>() : db.Set<PayPlan>().AsNoTracking();
        var plan = await query.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null || !IsVisible(db, plan))
        {
            throw new NotFoundException("PayPlan", id);
        }
        return plan;
    }

    internal static bool IsVisible(KeystoneDbContext db, PayPlan plan) =>
        db.Actor.SeesAll || plan.Members.Any(m => db.Actor.CanSeePayoutOf(m.UserId));

    internal static async Task<IReadOnlyList<PayPlanDetails>> DescribeAsync(KeystoneDbContext db, IReadOnlyList<PayPlan> plans, CancellationToken ct)
    {
        var ids = plans.SelectMany(p => p.Members).Select(m => m.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        return
        [
            .. plans.Select(p => new PayPlanDetails(
                p.Id,
                p.Name,
                p.Granularity.ToString().ToLowerInvariant(),
                p.Threshold,
                p.Cap,
                p.Accelerator,
                [.. p.Components.Select(c => new PayComponentDetails(c.Metric.ToIdentifier(), c.Metric.DisplayName(), c.Weight))],
                [.. p.Members.Where(m => db.Actor.CanSeePayoutOf(m.UserId)).Select(m => new PayMemberDetails(users.GetValueOrDefault(m.UserId) ?? new UserRef(m.UserId, ""), m.OnTargetPay))],
                p.CreatedAt,
                p.UpdatedAt,
                p.Version,
                db.Actor.CanManagePayPlans())),
        ];
    }

    internal static async Task<PayPlanDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct) =>
        (await DescribeAsync(db, [await FindAsync(db, id, tracked: false, ct)], ct))[0];
}

public static class ListPayPlans
{
    /// <summary>The plans the actor may read, by name. Plans are few, so the list is one page.</summary>
    public static async Task<IReadOnlyList<PayPlanDetails>> HandleAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        var plans = await db.Set<PayPlan>().AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct);
        return await PayPlanDetails.DescribeAsync(db, [.. plans.Where(p => PayPlanDetails.IsVisible(db, p))], ct);
    }
}

public static class GetPayPlan
{
    public static Task<PayPlanDetails> HandleAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default) => PayPlanDetails.LoadAsync(db, id, ct);
}

public static class CreatePayPlan
{
    public static async Task<PayPlanDetails> HandleAsync(KeystoneDbContext db, PayPlanInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Access.AccessRules.Demand(db.Actor.CanManagePayPlans(), "Pay plans are set by administrators and heads of KAM; you may read the plan that pays you.");
        var plan = new PayPlan();
        await input.ApplyToAsync(db, plan, isNew: true, ct);
        await RefuseDuplicateNameAsync(db, plan, ct);
        db.Set<PayPlan>().Add(plan);
        await db.SaveChangesAsync(ct);
        return await PayPlanDetails.LoadAsync(db, plan.Id, ct);
    }

    internal static async Task RefuseDuplicateNameAsync(KeystoneDbContext db, PayPlan plan, CancellationToken ct)
    {
        var name = plan.Name;
        var id = plan.Id;
        if (await db.Set<PayPlan>().AnyAsync(p => p.Name == name && p.Id != id, ct))
        {
            throw new ConflictException($"There is already a pay plan named '{name}'; choose another name or change that plan.");
        }
    }
}

public static class UpdatePayPlan
{
    public static async Task<PayPlanDetails> HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, PayPlanInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await PayPlanDetails.FindAsync(db, id, tracked: true, ct);
        Access.AccessRules.Demand(db.Actor.CanManagePayPlans(), "Pay plans are set by administrators and heads of KAM; you may read the plan that pays you.");
        if (expectedVersion is { } expected && plan.Version != expected)
        {
            throw new ConcurrencyConflictException("PayPlan", id, plan.Version);
        }
        await input.ApplyToAsync(db, plan, isNew: false, ct);
        await CreatePayPlan.RefuseDuplicateNameAsync(db, plan, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Set<PayPlan>().AsNoTracking().Where(p => p.Id == id).Select(p => p.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("PayPlan", id, current);
        }
        return await PayPlanDetails.LoadAsync(db, id, ct);
    }
}

public static class DeletePayPlan
{
    public static async Task HandleAsync(KeystoneDbContext db, Guid id, int? expectedVersion, CancellationToken ct = default)
    {
        var plan = await PayPlanDetails.FindAsync(db, id, tracked: true, ct);
        Access.AccessRules.Demand(db.Actor.CanManagePayPlans(), "Pay plans are set by administrators and heads of KAM; you may read the plan that pays you.");
        if (expectedVersion is { } expected && plan.Version != expected)
        {
            throw new ConcurrencyConflictException("PayPlan", id, plan.Version);
        }
        db.Set<PayPlan>().Remove(plan);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("PayPlan", id, -1);
        }
    }
}
