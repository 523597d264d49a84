using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Keystone.Core.Demo;

public sealed record DemoLogin(string Email, string DisplayName, KeystoneRole Role, string Password);

/// <summary>
/// The demo portfolio: a KAM team (<see cref="DemoUsers"/>), about forty accounts in groups and
/// countries (<see cref="DemoAccounts"/>) and about three hundred people at them (<see cref="DemoContacts"/>).
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
    public static async Task<IReadOnlyList<DemoLogin>> SeedAsync(KeystoneDbContext db, UserManager<KeystoneUser> users, CancellationToken ct = default)
    {
        // All or nothing: a seeding that fails half-way leaves no partial portfolio, and the next start tries again.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var (team, logins) = await DemoUsers.SeedAsync(db, users, ct);
        var accounts = DemoAccounts.Plan(team);
        if (!await DemoAccounts.ExistAsync(db, accounts, ct))
        {
            await DemoAccounts.AddAsync(db, accounts, ct);
            await DemoContacts.AddAsync(db, DemoContacts.Plan(accounts), ct);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return logins;
    }

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
