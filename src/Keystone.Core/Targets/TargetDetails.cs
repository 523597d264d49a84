using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Targets;

/// <summary>A target as the API returns it. <see cref="Unit"/> says how to read <see cref="Value"/>: money, rate (a fraction) or count.</summary>
public sealed record TargetDetails(
    Guid Id,
    string Scope,
    UserRef? User,
    AccountRef? Account,
    string Metric,
    string Unit,
    string Period,
    decimal Value,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    UserRef? UpdatedBy,
    int Version,
    bool CanEdit)
{
    /// <summary>
    /// A target the actor may read, with the user whose target it is (its KAM, team lead or account owner).
    /// A target of someone they may not read is not found, as if it did not exist.
    /// </summary>
    internal static async Task<(Target Target, Guid Subject)> FindAsync(KeystoneDbContext db, Guid id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Set<Target>() : db.Set<Target>().AsNoTracking();
        var target = await query.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Target", id);
        var subject = await SubjectOfAsync(db, target, ct);
        if (subject is not { } user || !db.Actor.CanReadTargetsOf(user))
        {
            throw new NotFoundException("Target", id);
        }
        return (target, user);
    }

    internal static async Task<Guid?> SubjectOfAsync(KeystoneDbContext db, Target target, CancellationToken ct) =>
        target.AccountId is { } accountId
            ? await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == accountId).Select(a => (Guid?)a.OwnerId).SingleOrDefaultAsync(ct)
            : target.UserId;

    /// <summary>The targets the actor may read: of themselves and the people they manage (by KAM, team lead or account owner), or all.</summary>
    internal static IQueryable<Target> Visible(KeystoneDbContext db)
    {
        var actor = db.Actor;
        var targets = db.Set<Target>().AsNoTracking();
        if (actor.SeesAll)
        {
            return targets;
        }
        var visible = actor.VisibleUserIds.ToArray();
        var accounts = db.Accounts.IgnoreQueryFilters();
        return targets.Where(t =>
            (t.UserId != null && visible.Contains(t.UserId.Value))
            || (t.AccountId != null && accounts.Any(a => a.Id == t.AccountId && visible.Contains(a.OwnerId))));
    }

    internal static async Task<TargetDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        var (target, subject) = await FindAsync(db, id, tracked: false, ct);
        return (await DescribeAsync(db, [(target, subject)], ct))[0];
    }

    internal static async Task<IReadOnlyList<TargetDetails>> DescribeAsync(KeystoneDbContext db, IReadOnlyList<(Target Target, Guid Subject)> rows, CancellationToken ct)
    {
        var userIds = rows.Select(r => r.Target.UserId).Concat(rows.Select(r => r.Target.UpdatedById)).OfType<Guid>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var accountIds = rows.Select(r => r.Target.AccountId).OfType<Guid>().Distinct().ToList();
        var accounts = await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new AccountRef(a.Id, a.Name), ct);
        return
        [
            .. rows.Select(r => new TargetDetails(
                r.Target.Id,
                r.Target.ScopeKind.ToString().ToLowerInvariant(),
                r.Target.UserId is { } u ? users.GetValueOrDefault(u) : null,
                r.Target.AccountId is { } a ? accounts.GetValueOrDefault(a) : null,
                r.Target.Metric.ToIdentifier(),
                r.Target.Metric.Unit().ToString().ToLowerInvariant(),
                r.Target.Period,
                r.Target.Value,
                r.Target.CreatedAt,
                r.Target.UpdatedAt,
                r.Target.UpdatedById is { } by ? users.GetValueOrDefault(by) : null,
                r.Target.Version,
                db.Actor.CanSetTargetsOf(r.Subject))),
        ];
    }
}

public static class GetTarget
{
    public static Task<TargetDetails> HandleAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default) =>
        TargetDetails.LoadAsync(db, id, ct);
}
