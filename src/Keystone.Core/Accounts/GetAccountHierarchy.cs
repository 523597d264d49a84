using Keystone.Core.Activities;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

/// <summary>One account of a group's tree with its local account team, and what it holds alone and with everything below it.</summary>
public sealed record HierarchyNode(
    Guid Id,
    string Name,
    string Tier,
    bool IsGlobal,
    string? Country,
    string? TimeZone,
    string? Currency,
    UserRef Owner,
    IReadOnlyList<TeamMemberDetails> Team,
    HierarchyCounts Own,
    HierarchyCounts RolledUp,
    IReadOnlyList<HierarchyNode> Subsidiaries);

/// <summary>The group an account belongs to, from its top, as the viewer may see it.</summary>
/// <param name="RevenueFrom">First month of the trailing twelve months of revenue.</param>
/// <param name="RevenueTo">Last month: the last whole month in the reporting time zone (<see cref="Kpis.ReportingCalendar.TrailingTwelveMonths"/>).</param>
/// <param name="ActivitiesSince">Activities count from this instant on.</param>
public sealed record AccountHierarchyView(
    Guid AccountId,
    string ReportingCurrency,
    string RevenueFrom,
    string RevenueTo,
    DateTimeOffset ActivitiesSince,
    HierarchyNode Root);

public static class GetAccountHierarchy
{
    public const int RecentActivityDays = 90;

    /// <summary>
    /// The tree of the group <paramref name="accountId"/> is in. Only accounts the actor can see are
    /// in it, and only records they can see are counted (every query passes the access filters): a
    /// subsidiary out of sight is left out with everything below it, never counted.
    /// </summary>
    public static async Task<AccountHierarchyView> HandleAsync(
        KeystoneDbContext db, Guid accountId, string reportingCurrency, TimeZoneInfo reportingTimeZone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reportingTimeZone);
        var visible = await db.Accounts.AsNoTracking()
            .Select(a => new { a.Id, a.ParentAccountId })
            .ToDictionaryAsync(a => a.Id, a => a.ParentAccountId, ct);
        if (!visible.ContainsKey(accountId))
        {
            throw new NotFoundException("Account", accountId);
        }
        var rootId = AccountHierarchy.RootOf(accountId, visible);
        var children = visible.Where(a => a.Value is not null).ToLookup(a => a.Value!.Value, a => a.Key);
        // Every child of an account in the tree is in the tree too, so the lookup of all visible children serves the tree as it is.
        var ids = AccountHierarchy.Descendants(rootId, children).Prepend(rootId).ToList();

        var accounts = await db.Accounts.AsNoTracking().Include(a => a.TeamMembers)
            .Where(a => ids.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, ct);
        var userIds = accounts.Values.SelectMany(a => a.TeamMembers.Select(m => m.UserId).Append(a.OwnerId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);

        var now = db.Clock.GetUtcNow();
        var since = now.AddDays(-RecentActivityDays);
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.AccountId))
            .GroupBy(c => c.AccountId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var tasks = await db.WorkTasks.AsNoTracking().Where(t => ids.Contains(t.AccountId) && t.Status == WorkTaskStatus.Open)
            .GroupBy(t => t.AccountId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var activities = await db.Activities.AsNoTracking()
            .Where(a => ids.Contains(a.AccountId) && a.Status != ActivityStatus.Cancelled && a.StartsAt >= since && a.StartsAt <= now)
            .GroupBy(a => a.AccountId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        // Each account's own revenue in one grouped query, read as the KPI engine reads it, so that the
        // roll-up equals the KPI page's account-with-subsidiaries figure.
        var (from, to) = ReportingCalendar.TrailingTwelveMonths(now, reportingTimeZone);
        var revenue = await AccountRevenueTotals.HandleAsync(db, ids, from, to, ct);

        var own = ids.ToDictionary(id => id, id => new HierarchyCounts(
            0,
            contacts.GetValueOrDefault(id),
            tasks.GetValueOrDefault(id),
            activities.GetValueOrDefault(id),
            revenue.GetValueOrDefault(id)));
        var rolledUp = AccountHierarchy.RollUp(rootId, children, own);

        HierarchyNode Build(Guid id)
        {
            var account = accounts[id];
            return new HierarchyNode(
                account.Id,
                account.Name,
                account.Tier.ToIdentifier(),
                account.IsGlobal,
                account.Country,
                account.TimeZone,
                account.Currency,
                users.GetValueOrDefault(account.OwnerId) ?? new UserRef(account.OwnerId, "(unknown)"),
                [.. account.TeamMembers
                    .Select(m => new TeamMemberDetails(m.UserId, users.GetValueOrDefault(m.UserId)?.DisplayName ?? "(unknown)", m.Role))
                    .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)],
                own[id],
                rolledUp[id],
                [.. children[id].Select(child => accounts[child]).OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).Select(a => Build(a.Id))]);
        }

        return new AccountHierarchyView(accountId, reportingCurrency, from.ToString(), to.ToString(), since, Build(rootId));
    }
}
