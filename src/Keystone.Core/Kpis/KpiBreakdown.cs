using System.Text.Json.Serialization;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Kpis;

/// <summary>A level of the drill-down: the company, a team, a KAM or an account.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BreakdownLevel>))]
public enum BreakdownLevel
{
    Company,
    Team,
    Kam,
    Account,
}

/// <summary>One scope's figures for one period, with the scope text that opens its own level (<c>team:EMAIL</c>, <c>kam:EMAIL</c>, <c>account:ID</c>).</summary>
public sealed record BreakdownRow(string Name, string Scope, BreakdownLevel Level, KpiRow Kpis, int MeetingsAndCalls);

/// <summary>A step of the way back up, from the company down to the parent of the level shown.</summary>
public sealed record BreakdownCrumb(string Name, string Scope, BreakdownLevel Level);

/// <summary>
/// A level of the drill-down for one period: its own figures, one row per scope one level down, and
/// the way back up as far as the actor may see.
/// </summary>
public sealed record KpiBreakdownResult(
    string Period,
    BreakdownRow Total,
    IReadOnlyList<BreakdownRow> Children,
    IReadOnlyList<BreakdownCrumb> Breadcrumbs);

/// <summary>
/// The head of KAM's drill-down (issue 4, "Dashboards"): company → teams → KAMs → accounts, each level
/// with the KPIs of its own scope for one period (KPIS.md, "Periods, scope, money").
/// </summary>
/// <remarks>
/// A team is a senior KAM and the KAMs they manage (<see cref="KpiScopeKind.Team"/>). The company's
/// rows are its teams, then every other user who owns accounts (a junior with no senior, a head of KAM
/// who keeps accounts), so that every account of the company sits under exactly one row. The access
/// rules are the engine's: the company for those who see every account, a team or a KAM only of
/// oneself or of someone one manages, an account one can see; the rows of a level are computed by the
/// same engine under the same actor, so no row holds an account the actor cannot see.
/// </remarks>
public static class KpiBreakdown
{
    /// <exception cref="ValidationException">The scope is not company, team:, kam: or account:, or the period is not understood.</exception>
    /// <exception cref="ForbiddenException">The scope is wider than the actor may see.</exception>
    /// <exception cref="NotFoundException">The user or account does not exist or is not visible.</exception>
    public static async Task<KpiBreakdownResult> HandleAsync(
        KeystoneDbContext db, string? scope, string? period, string? at, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (parsed, month) = KpiInput.Parse(db, scope, period, at, zone, "at");
        if (parsed.Kind == KpiScopeKind.AccountTree)
        {
            throw new ValidationException("scope", "The drill-down runs company → team:EMAIL → kam:EMAIL → account:ID; ask for one of those, not account-tree:.");
        }
        var users = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.Email, u.NormalizedEmail, u.DisplayName, u.Role, u.ManagerId, u.IsActive })
            .ToListAsync(ct);
        var byId = users.ToDictionary(u => u.Id);
        var actor = db.Actor;

        async Task<BreakdownRow> RowAsync(string name, KpiScope rowScope, BreakdownLevel level)
        {
            var resolved = await KpiQuery.ResolveScopeAsync(db, rowScope, ct);
            var result = (await KpiQuery.HandleAsync(db, new KpiRequest(rowScope, month.Granularity, month, month), resolved, ct)).Single();
            var meetings = await ScopeMeetingsAndCalls.CountAsync(db, resolved, [month], zone, ct);
            return new BreakdownRow(name, rowScope.ToString(), level, KpiRow.From(result), meetings[0]);
        }

        string NameOf(Guid id) => byId.TryGetValue(id, out var u) ? u.DisplayName : id.ToString();
        KpiScope Kam(Guid id) => new(KpiScopeKind.Kam, default, byId[id].Email ?? "");
        KpiScope Team(Guid id) => new(KpiScopeKind.Team, default, byId[id].Email ?? "");
        Guid UserOf(string email) => users.FirstOrDefault(u => u.NormalizedEmail == email.Trim().ToUpperInvariant())?.Id
            ?? throw new NotFoundException("User", email.Trim());
        bool MaySee(Guid userId) => actor.SeesAll || actor.VisibleUserIds.Contains(userId);

        // The senior whose team a KAM is in: the nearest senior KAM up the management chain.
        Guid? TeamLeadOf(Guid userId)
        {
            var seen = new HashSet<Guid>();
            for (Guid? id = userId; id is { } current && seen.Add(current); id = byId.GetValueOrDefault(current)?.ManagerId)
            {
                if (byId.TryGetValue(current, out var u) && u.Role == KeystoneRole.SeniorKam)
                {
                    return current;
                }
            }
            return null;
        }

        List<Guid> TeamOf(Guid lead)
        {
            var team = new List<Guid> { lead };
            for (var i = 0; i < team.Count; i++)
            {
                team.AddRange(users.Where(u => u.ManagerId == team[i] && !team.Contains(u.Id)).Select(u => u.Id));
            }
            return team;
        }

        var crumbs = new List<BreakdownCrumb>();
        void CrumbsAbove(Guid? kam, bool includeKam)
        {
            if (actor.SeesAll)
            {
                crumbs.Add(new BreakdownCrumb("Company", KpiScope.Company.ToString(), BreakdownLevel.Company));
            }
            if (kam is not { } k)
            {
                return;
            }
            if (TeamLeadOf(k) is { } lead && MaySee(lead))
            {
                crumbs.Add(new BreakdownCrumb($"Team of {NameOf(lead)}", Team(lead).ToString(), BreakdownLevel.Team));
            }
            if (includeKam && MaySee(k))
            {
                crumbs.Add(new BreakdownCrumb(NameOf(k), Kam(k).ToString(), BreakdownLevel.Kam));
            }
        }

        BreakdownRow total;
        var children = new List<BreakdownRow>();
        switch (parsed.Kind)
        {
            case KpiScopeKind.Company:
            {
                total = await RowAsync("Company", KpiScope.Company, BreakdownLevel.Company);
                var leads = users.Where(u => u.Role == KeystoneRole.SeniorKam && u.IsActive).OrderBy(u => u.DisplayName, StringComparer.CurrentCulture).ThenBy(u => u.Id).ToList();
                var inTeams = new HashSet<Guid>();
                foreach (var lead in leads)
                {
                    inTeams.UnionWith(TeamOf(lead.Id));
                    children.Add(await RowAsync($"Team of {lead.DisplayName}", Team(lead.Id), BreakdownLevel.Team));
                }
                var owners = await db.Accounts.AsNoTracking().Select(a => a.OwnerId).Distinct().ToListAsync(ct);
                foreach (var owner in owners.Where(o => !inTeams.Contains(o) && byId.ContainsKey(o)).OrderBy(NameOf, StringComparer.CurrentCulture).ThenBy(o => o))
                {
                    children.Add(await RowAsync(NameOf(owner), Kam(owner), BreakdownLevel.Kam));
                }
                break;
            }
            case KpiScopeKind.Team:
            {
                var lead = UserOf(parsed.Email!);
                total = await RowAsync($"Team of {NameOf(lead)}", Team(lead), BreakdownLevel.Team);
                CrumbsAbove(null, false);
                foreach (var member in TeamOf(lead).OrderBy(id => id == lead ? 0 : 1).ThenBy(NameOf, StringComparer.CurrentCulture))
                {
                    children.Add(await RowAsync(NameOf(member), Kam(member), BreakdownLevel.Kam));
                }
                break;
            }
            case KpiScopeKind.Kam:
            {
                var kam = UserOf(parsed.Email!);
                total = await RowAsync(NameOf(kam), Kam(kam), BreakdownLevel.Kam);
                CrumbsAbove(kam, false);
                var accounts = await db.Accounts.AsNoTracking().Where(a => a.OwnerId == kam)
                    .OrderBy(a => a.Name).ThenBy(a => a.Id).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
                foreach (var account in accounts)
                {
                    children.Add(await RowAsync(account.Name, new KpiScope(KpiScopeKind.Account, account.Id), BreakdownLevel.Account));
                }
                break;
            }
            default:
            {
                var account = await db.Accounts.AsNoTracking().Where(a => a.Id == parsed.AccountId).Select(a => new { a.Id, a.Name, a.OwnerId }).SingleOrDefaultAsync(ct)
                    ?? throw new NotFoundException("Account", parsed.AccountId);
                total = await RowAsync(account.Name, parsed, BreakdownLevel.Account);
                CrumbsAbove(account.OwnerId, true);
                break;
            }
        }
        return new KpiBreakdownResult(month.ToString(), total, children, crumbs);
    }
}
