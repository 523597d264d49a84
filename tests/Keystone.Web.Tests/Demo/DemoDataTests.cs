using Microsoft.Extensions.Options;
using Keystone.Core.Revenue;
using Keystone.Core.Data;
using System.Text.RegularExpressions;
using Keystone.Core.Accounts;
using Keystone.Core.Audit;
using Keystone.Core.Common;
using Keystone.Core.Contacts;
using Keystone.Core.Demo;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Demo;

public sealed partial class DemoDataTests(DemoPortfolioFixture fixture) : IClassFixture<DemoPortfolioFixture>
{
    [Theory, AllDatabases]
    public async Task Seeds_a_kam_team_whose_juniors_report_to_seniors_and_seniors_to_the_head(DatabaseKind kind)
    {
        var (host, logins) = await fixture.SeededAsync(kind);

        Assert.Equal(11, logins.Count);
        Assert.All(logins, l => Assert.EndsWith("@demo.keystone.test", l.Email, StringComparison.Ordinal));
        var users = await host.AsSystemAsync((db, _) => db.Users.AsNoTracking().ToListAsync());
        var byRole = users.ToLookup(u => u.Role);
        Assert.Single(byRole[KeystoneRole.Administrator]);
        Assert.Single(byRole[KeystoneRole.Viewer]);
        Assert.Equal(2, byRole[KeystoneRole.Contributor].Count());
        var head = Assert.Single(byRole[KeystoneRole.HeadOfKam]);
        var seniors = byRole[KeystoneRole.SeniorKam].ToList();
        Assert.Equal(2, seniors.Count);
        Assert.All(seniors, s => Assert.Equal(head.Id, s.ManagerId));
        var juniors = byRole[KeystoneRole.JuniorKam].ToList();
        Assert.Equal(4, juniors.Count);
        Assert.All(juniors, j => Assert.Contains(seniors, s => s.Id == j.ManagerId));
        // The passwords change at every start, so nobody is asked to change them.
        Assert.All(users, u => Assert.False(u.MustChangePassword));
    }

    [Theory, AllDatabases]
    public async Task Seeds_about_forty_accounts_in_groups_and_countries_owned_by_the_kams(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var (accounts, users) = await host.AsSystemAsync(async (db, _) => (
            await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).Include(a => a.ExternalIds).ToListAsync(),
            await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id)));

        Assert.InRange(accounts.Count, 35, 45);
        Assert.InRange(accounts.Count(a => a.Tier == AccountTier.StrategicKeyAccount), 2, 5);
        Assert.All(Enum.GetValues<AccountTier>(), tier => Assert.Contains(accounts, a => a.Tier == tier));
        Assert.True(accounts.Select(a => a.Country).Distinct().Count() >= 10, "The accounts are spread over at least ten countries.");
        Assert.True(accounts.Select(a => a.Industry).Distinct().Count() >= 6, "The accounts are in at least six industries.");

        // Groups with subsidiaries abroad, one of them two levels deep.
        var byId = accounts.ToDictionary(a => a.Id);
        var groups = accounts.Where(a => a.ParentAccountId is null && accounts.Any(s => s.ParentAccountId == a.Id)).ToList();
        Assert.True(groups.Count >= 3);
        Assert.Contains(groups, g => accounts.Where(s => s.ParentAccountId == g.Id).Select(s => s.Country).Distinct().Count() >= 3);
        Assert.Contains(accounts, a => a.ParentAccountId is { } p && byId[p].ParentAccountId is not null);

        Assert.All(accounts, a =>
        {
            Assert.True(users[a.OwnerId].Role.CanOwnAccounts(), $"{a.Name} is owned by a KAM.");
            Assert.Matches("^C[0-9]{5}$", a.ExternalIds.Single(x => x.Source == "ERP").ExternalId);
            Assert.All(a.TeamMembers, m => Assert.False(string.IsNullOrWhiteSpace(m.Role)));
        });
        Assert.Contains(accounts, a => a.ExternalIds.Any(x => x.Source == "Salesforce" && SalesforceId().IsMatch(x.ExternalId)));
        Assert.Contains(accounts, a => a.TeamMembers.Any(m => users[m.UserId].Role == KeystoneRole.Contributor && m.Role == "Marketing partner"));
        Assert.Contains(accounts, a => a.TeamMembers.Any(m => users[m.UserId].Role == KeystoneRole.Contributor && m.Role == "Support lead"));
        // Juniors work on their seniors' accounts.
        Assert.Contains(accounts, a => a.TeamMembers.Any(m => users[m.UserId].Role == KeystoneRole.JuniorKam && users[m.UserId].ManagerId == a.OwnerId));
    }

    [Theory, AllDatabases]
    public async Task Seeds_about_three_hundred_people_with_an_org_chart_per_account(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var (accounts, contacts) = await host.AsSystemAsync(async (db, _) => (
            await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id),
            await db.Contacts.AsNoTracking().ToListAsync()));

        Assert.InRange(contacts.Count, 250, 350);
        var byId = contacts.ToDictionary(c => c.Id);
        foreach (var people in contacts.GroupBy(c => c.AccountId))
        {
            var account = accounts[people.Key];
            var domain = new Uri(account.Website!).Host.Replace("www.", "", StringComparison.Ordinal);
            var top = Assert.Single(people, c => c.ReportsToId is null);
            Assert.True(top.Title is "CEO" or "Managing Director", $"{account.Name} is headed by a CEO or managing director, not a {top.Title}.");
            Assert.All(people, c =>
            {
                Assert.EndsWith("@" + domain, c.Email, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(c.Title));
                if (c.ReportsToId is { } manager)
                {
                    Assert.Equal(c.AccountId, byId[manager].AccountId);
                }
            });
        }
        Assert.Equal(accounts.Count, contacts.Select(c => c.AccountId).Distinct().Count());
        Assert.Contains(contacts, c => c.Title == "Head of Procurement");
        Assert.Contains(contacts, c => c.Title == "CFO");
    }

    [Fact]
    public void Every_demo_record_passes_the_rules_a_person_editing_it_would_meet()
    {
        var (accounts, contacts) = Plan();

        Assert.All(accounts, demo =>
        {
            var a = demo.Account;
            var v = new Validator();
            Assert.Equal(a.Country, v.Country("country", a.Country));
            Assert.Equal(a.Currency, v.Currency("currency", a.Currency));
            Assert.Equal(a.TimeZone, v.TimeZone("timeZone", a.TimeZone));
            Assert.Equal(a.Website, v.Url("website", a.Website));
            v.Required("name", a.Name, 200, "Name");
            v.Optional("legalName", a.LegalName, 300, "Legal name");
            Assert.True(v.IsValid, $"{a.Name} breaks a rule.");
        });
        Assert.All(contacts, c =>
        {
            var v = new Validator();
            Assert.Equal(c.Email, v.Email("email", c.Email));
            v.Required("firstName", c.FirstName, 100, "First name");
            v.Required("lastName", c.LastName, 100, "Last name");
            Assert.True(v.IsValid, $"{c.FullName} <{c.Email}> breaks a rule.");
            Assert.True(c.Phone is null || PhoneNumber().IsMatch(c.Phone), $"'{c.Phone}' is a phone number as the contact form takes them.");
        });
        Assert.Equal(contacts.Count, contacts.Select(c => c.Email).Distinct().Count());
    }

    [Fact]
    public void The_portfolio_is_the_same_at_every_seeding()
    {
        var first = Describe(Plan());
        var second = Describe(Plan());

        Assert.Equal(first, second);
    }

    [Theory, AllDatabases]
    public async Task Seeding_again_adds_nothing_and_only_gives_the_users_new_passwords(DatabaseKind kind)
    {
        await using var host = await KeystoneHost.StartAsync(kind);
        var before = await SeedAsync(host);
        var counts = await CountAsync(host);
        var locked = before.First(l => l.Role == KeystoneRole.JuniorKam).Email;
        await host.AsSystemAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<KeystoneUser>>();
            var user = (await users.FindByEmailAsync(locked))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
            return true;
        });

        var after = await SeedAsync(host);

        Assert.All(counts, count => Assert.True(count > 0, "Every part of the demo was seeded the first time."));
        Assert.Equal(counts, await CountAsync(host));
        Assert.Equal(before.Select(l => l.Email), after.Select(l => l.Email));
        await host.AsSystemAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<KeystoneUser>>();
            foreach (var (old, fresh) in before.Zip(after))
            {
                Assert.NotEqual(old.Password, fresh.Password);
                var user = (await users.FindByEmailAsync(fresh.Email))!;
                Assert.True(await users.CheckPasswordAsync(user, fresh.Password), $"{fresh.Email} signs in with the new password.");
                Assert.False(await users.CheckPasswordAsync(user, old.Password), $"{fresh.Email} no longer signs in with the old password.");
                Assert.False(await users.IsLockedOutAsync(user), $"{fresh.Email} is not locked out.");
            }
            return true;
        });
    }

    [Theory, AllDatabases]
    public async Task The_audit_trail_records_the_creation_of_every_account_and_contact_by_the_system(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var (accounts, contacts, created) = await host.AsSystemAsync(async (db, _) => (
            await db.Accounts.CountAsync(),
            await db.Contacts.CountAsync(),
            await db.AuditEntries.Where(e => e.Action == AuditAction.Created && e.UserId == null).GroupBy(e => e.EntityType)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count)));

        Assert.Equal(accounts, created[nameof(Account)]);
        Assert.Equal(contacts, created[nameof(Contact)]);
    }

    [Fact]
    public void Logins_are_printed_one_a_line_with_role_email_and_password()
    {
        var output = new StringWriter();
        DemoData.PrintLogins([new DemoLogin("head@demo.keystone.test", "Helena Brandt", KeystoneRole.HeadOfKam, "pa55-Word-xyz")], output);

        var line = Assert.Single(output.ToString().Split('\n'), l => l.Contains("head@demo.keystone.test", StringComparison.Ordinal));
        Assert.Equal(new[] { "head-of-kam", "head@demo.keystone.test", "pa55-Word-xyz" }, line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    internal static Task<IReadOnlyList<DemoLogin>> SeedAsync(KeystoneHost host) =>
        host.AsSystemAsync((db, services) => DemoData.SeedAsync(
            db,
            services.GetRequiredService<UserManager<KeystoneUser>>(),
            services.GetRequiredService<IDatabaseProvider>(),
            services.GetRequiredService<IOptions<RevenueOptions>>().Value));

    private static Task<int[]> CountAsync(KeystoneHost host) =>
        host.AsSystemAsync(async (db, _) => new[]
        {
            await db.Users.CountAsync(),
            await db.Accounts.CountAsync(),
            await db.Contacts.CountAsync(),
            await db.AccountTeamMembers.CountAsync(),
            await db.Products.CountAsync(),
            await db.ProductCosts.CountAsync(),
            await db.ExchangeRates.CountAsync(),
            await db.InvoiceImports.CountAsync(),
            await db.InvoiceLines.CountAsync(),
            await db.UnmatchedCustomers.CountAsync(),
            await db.Activities.CountAsync(),
            await db.ActivityParticipants.CountAsync(),
            await db.ActivityContacts.CountAsync(),
            await db.WorkTasks.CountAsync(),
        });

    /// <summary>The portfolio as the seeding builds it, for users with fixed ids.</summary>
    private static (IReadOnlyList<DemoAccount> Accounts, IReadOnlyList<Contact> Contacts) Plan()
    {
        var accounts = PlanAccounts();
        return (accounts, DemoContacts.Plan(accounts));
    }

    /// <summary>The demo team with fixed ids, by key, managers before their reports.</summary>
    internal static Dictionary<string, KeystoneUser> PlanUsers()
    {
        var users = new Dictionary<string, KeystoneUser>(StringComparer.Ordinal);
        foreach (var (u, i) in DemoUsers.All.Select((u, i) => (u, i)))
        {
            users[u.Key] = new KeystoneUser
            {
                Id = new Guid(i + 1, 0, 0, new byte[8]),
                Email = u.Email,
                DisplayName = u.DisplayName,
                Role = u.Role,
                ManagerId = u.ManagerKey is { } manager ? users[manager].Id : null,
            };
        }
        return users;
    }

    internal static IReadOnlyList<DemoAccount> PlanAccounts() => DemoAccounts.Plan(PlanUsers());

    /// <summary>Everything but the generated ids: names, places, owners, teams, external ids, people and who they report to.</summary>
    private static List<string> Describe((IReadOnlyList<DemoAccount> Accounts, IReadOnlyList<Contact> Contacts) plan)
    {
        var names = plan.Accounts.ToDictionary(a => a.Account.Id, a => a.Account.Name);
        var people = plan.Contacts.ToDictionary(c => c.Id, c => c.Email);
        return
        [
            .. plan.Accounts.Select(d => d.Account).Select(a => string.Join("|",
                a.Name, a.LegalName, a.Industry, a.Country, a.TimeZone, a.Currency, a.Website, a.Tier, a.OwnerId,
                a.ParentAccountId is { } p ? names[p] : "",
                string.Join(",", a.TeamMembers.Select(m => $"{m.UserId}:{m.Role}")),
                string.Join(",", a.ExternalIds.Select(x => $"{x.Source}:{x.ExternalId}")))),
            .. plan.Contacts.Select(c => string.Join("|",
                names[c.AccountId], c.FirstName, c.LastName, c.Title, c.Email, c.Phone, c.ReportsToId is { } m ? people[m] : "")),
        ];
    }

    [GeneratedRegex("^001[0-9A-Za-z]{15}$")]
    private static partial Regex SalesforceId();

    // The characters the contact form accepts in a phone number.
    [GeneratedRegex(@"^\+[0-9 ]+$")]
    private static partial Regex PhoneNumber();
}
