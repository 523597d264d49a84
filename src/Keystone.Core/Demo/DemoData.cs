using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Keystone.Core.Demo;

public sealed record DemoLogin(string Email, string DisplayName, KeystoneRole Role, string Password);

/// <summary>
/// The demo portfolio: a KAM team (<see cref="DemoUsers"/>), about forty accounts in groups and
/// countries (<see cref="DemoAccounts"/>), about three hundred people at them (<see cref="DemoContacts"/>),
/// two years of revenue (<see cref="DemoRevenue"/>) and half a year of meetings, calls and tasks
/// (<see cref="DemoActivities"/>).
/// </summary>
/// <remarks>
/// The data is the same at every seeding: each part draws from its own seeded randomizer, so a
/// part added later does not change the others. Dates must come from <see cref="KeystoneDbContext.Clock"/>
/// and be passed to Bogus as its reference date: Bogus 34 would otherwise use today, and its only
/// other setting for it is process-wide.
/// </remarks>
public static class DemoData
{
    /// <summary>
    /// Creates the demo users and portfolio once; at every later call, only gives the demo users
    /// new passwords. Runs as whoever the context's actor is (the system, at start-up), so the
    /// audit trail records the creation.
    /// </summary>
    /// <remarks>
    /// Three steps, each all or nothing and each skipped when done before: the team, accounts and
    /// people; the revenue (the invoice import commits in a transaction of its own); the activities
    /// and tasks. A step that fails leaves the earlier ones, and the next start does the rest.
    /// </remarks>
    public static async Task<IReadOnlyList<DemoLogin>> SeedAsync(
        KeystoneDbContext db, UserManager<KeystoneUser> users, IDatabaseProvider provider, RevenueOptions revenue, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("Seed the demo outside a transaction: its invoice import commits in a transaction of its own.");
        }
        IReadOnlyDictionary<string, KeystoneUser> team;
        IReadOnlyList<DemoLogin> logins;
        IReadOnlyList<DemoAccount> accounts;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            (team, logins) = await DemoUsers.SeedAsync(db, users, ct);
            accounts = DemoAccounts.Plan(team);
            if (!await DemoAccounts.ExistAsync(db, accounts, ct))
            {
                await DemoAccounts.AddAsync(db, accounts, ct);
                await DemoContacts.AddAsync(db, DemoContacts.Plan(accounts), ct);
            }
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();

        if (!await DemoRevenue.ExistAsync(db, ct))
        {
            await DemoRevenue.AddAsync(db, provider, revenue, accounts, ct);
            db.ChangeTracker.Clear();
        }

        // The stored accounts, in the plan's order: the plan's own ids are new at every call.
        var stored = await StoredAccountsAsync(db, accounts, ct);
        var ids = stored.Select(a => a.Id).ToList();
        if (!await DemoActivities.ExistAsync(db, ids, ct))
        {
            var contacts = (await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.AccountId)).ToListAsync(ct))
                .GroupBy(c => c.AccountId)
                .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Email, StringComparer.Ordinal).ToList());
            var byId = team.Values.ToDictionary(u => u.Id);
            var (activities, tasks) = DemoActivities.Plan(stored, contacts, byId, db.Clock.GetUtcNow());
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await DemoActivities.AddAsync(db, activities, tasks, ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
        if (!await DemoSelections.ExistAsync(db, ids, ct))
        {
            await DemoSelections.AddAsync(db, stored, ct);
            db.ChangeTracker.Clear();
        }
        if (!await DemoTierRequests.ExistAsync(db, ids, ct))
        {
            await DemoTierRequests.AddAsync(db, stored, team, ct);
            db.ChangeTracker.Clear();
        }

        if (!await DemoTargets.ExistAsync(db, ct))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(db.Clock.GetUtcNow(), revenue.TimeZone).DateTime);
            await DemoTargets.AddAsync(db, team, today, revenue.ReportingTimeZone, ct);
            db.ChangeTracker.Clear();
        }
        return logins;
    }

    /// <summary>The stored demo accounts with their teams, found by their ERP ids, in the order of <paramref name="planned"/>.</summary>
    internal static async Task<IReadOnlyList<Account>> StoredAccountsAsync(KeystoneDbContext db, IReadOnlyList<DemoAccount> planned, CancellationToken ct)
    {
        var erpIds = planned.Select(ErpId).ToList();
        var stored = await db.Accounts.AsNoTracking().IgnoreQueryFilters()
            .Include(a => a.TeamMembers).Include(a => a.ExternalIds).AsSplitQuery()
            .Where(a => a.ExternalIds.Any(x => x.Source == DemoAccounts.ErpSource && erpIds.Contains(x.ExternalId)))
            .ToListAsync(ct);
        var byErpId = stored.ToDictionary(a => a.ExternalIds.First(x => x.Source == DemoAccounts.ErpSource).ExternalId, StringComparer.Ordinal);
        return [.. planned.Select(ErpId).Where(byErpId.ContainsKey).Select(id => byErpId[id])];
    }

    internal static string ErpId(DemoAccount demo) => demo.Account.ExternalIds.Single(x => x.Source == DemoAccounts.ErpSource).ExternalId;

    public static void PrintLogins(IReadOnlyList<DemoLogin> logins, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Keystone demo: sign in with one of these users (passwords are new at every start):");
        foreach (var login in logins)
        {
            output.WriteLine($"  {login.Role.ToIdentifier(),-13} {login.Email,-36} {login.Password}");
        }
        output.WriteLine();
    }
}
