using Bogus;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Demo;

/// <summary>A demo account with what the rest of the demo data needs to know about it.</summary>
/// <param name="Domain">The internet domain of its people's email addresses.</param>
internal sealed record DemoAccount(Account Account, DemoCountry Country, string Domain, bool IsSubsidiary);

/// <summary>
/// About forty accounts: five groups with subsidiaries around the world, and independent
/// customers in a dozen countries, owned by the KAM team and worked on by their colleagues.
/// </summary>
internal static class DemoAccounts
{
    public const string ErpSource = "ERP";
    public const string SalesforceSource = "Salesforce";

    private const int Seed = 4_242;
    private const int StandaloneCount = 18;

    private static readonly string[] StandaloneCountries =
        ["DE", "US", "FR", "GB", "DE", "IT", "US", "ES", "NL", "AT", "PL", "BR", "CA", "DE", "US", "IE", "CH", "SE"];

    private static readonly (string Industry, string[] NameWords)[] Industries =
    [
        ("Automotive", ["Automotive", "Motors"]),
        ("Chemicals", ["Chemicals", "Chemical Works"]),
        ("Pharmaceuticals", ["Pharma", "Life Sciences"]),
        ("Food & beverage", ["Foods", "Beverages"]),
        ("Energy", ["Energy", "Power"]),
        ("Telecommunications", ["Telecom", "Networks"]),
        ("Financial services", ["Financial", "Capital"]),
        ("Construction", ["Construction", "Building Systems"]),
        ("Software", ["Software", "Digital"]),
        ("Packaging", ["Packaging", "Containers"]),
        ("Aerospace", ["Aerospace", "Aviation"]),
        ("Medical devices", ["Medical", "MedTech"]),
        ("Agriculture", ["Agri", "Farm Systems"]),
        ("Textiles", ["Textiles", "Fabrics"]),
    ];

    /// <summary>Builds the portfolio in memory; the same users give the same accounts, field for field.</summary>
    public static IReadOnlyList<DemoAccount> Plan(IReadOnlyDictionary<string, KeystoneUser> users)
    {
        var planner = new Planner(users, new Randomizer(Seed));
        AddGroups(planner);
        AddStandalone(planner);
        planner.AssignExternalIds();
        return planner.Accounts;
    }

    /// <summary>Whether the portfolio was seeded before: its ERP ids are taken.</summary>
    public static async Task<bool> ExistAsync(KeystoneDbContext db, IReadOnlyList<DemoAccount> accounts, CancellationToken ct)
    {
        var erpIds = accounts.SelectMany(a => a.Account.ExternalIds).Where(x => x.Source == ErpSource).Select(x => x.ExternalId).ToList();
        return await db.AccountExternalIds.AnyAsync(x => x.Source == ErpSource && erpIds.Contains(x.ExternalId), ct);
    }

    public static async Task AddAsync(KeystoneDbContext db, IReadOnlyList<DemoAccount> accounts, CancellationToken ct)
    {
        db.Accounts.AddRange(accounts.Select(a => a.Account));
        await db.SaveChangesAsync(ct);
    }

    private static void AddGroups(Planner p)
    {
        var falkenried = p.Group("Falkenried Group", "Falkenried Maschinenbau AG", "DE", "Europe/Berlin", "Industrial machinery",
            AccountTier.StrategicKeyAccount, "senior1", "falkenried.example",
            ("junior1", "Deputy KAM"), ("marketing", "Marketing partner"), ("support", "Support lead"));
        p.Subsidiary(falkenried, "Falkenried France", "Falkenried France SAS", "FR", "Europe/Paris", AccountTier.KeyAccount, "junior1",
            ("support", "Support lead"));
        var americas = p.Subsidiary(falkenried, "Falkenried Americas", "Falkenried Americas Inc.", "US", "America/Chicago", AccountTier.KeyAccount, "senior1",
            ("junior2", "Regional KAM"));
        p.Subsidiary(americas, "Falkenried México", "Falkenried México S.A. de C.V.", "MX", "America/Mexico_City", AccountTier.Managed, "junior2");
        p.Subsidiary(falkenried, "Falkenried Japan", "Falkenried Japan K.K.", "JP", "Asia/Tokyo", AccountTier.Managed, "junior1");
        p.Subsidiary(falkenried, "Falkenried Italia", "Falkenried Italia S.r.l.", "IT", "Europe/Rome", AccountTier.Managed, "junior1");

        var bluehaven = p.Group("Bluehaven Health", "Bluehaven Health Systems, Inc.", "US", "America/New_York", "Healthcare",
            AccountTier.StrategicKeyAccount, "senior2", "bluehaven-health.example",
            ("junior3", "Deputy KAM"), ("marketing", "Marketing partner"), ("support", "Support lead"));
        p.Subsidiary(bluehaven, "Bluehaven Health UK", "Bluehaven Health UK Ltd", "GB", "Europe/London", AccountTier.KeyAccount, "junior3");
        p.Subsidiary(bluehaven, "Bluehaven Health Canada", "Bluehaven Health Canada Inc.", "CA", "America/Toronto", AccountTier.Managed, "junior4");
        p.Subsidiary(bluehaven, "Bluehaven Health Australia", "Bluehaven Health Australia Pty Ltd", "AU", "Australia/Sydney", AccountTier.Managed, "junior4");

        var sakuragawa = p.Group("Sakuragawa Electronics", "Sakuragawa Electronics Co., Ltd.", "JP", "Asia/Tokyo", "Electronics",
            AccountTier.StrategicKeyAccount, "head", "sakuragawa.example",
            ("senior2", "Global account lead"), ("marketing", "Marketing partner"));
        p.Subsidiary(sakuragawa, "Sakuragawa Electronics Europe", "Sakuragawa Electronics Europe GmbH", "DE", "Europe/Berlin", AccountTier.KeyAccount, "senior2",
            ("junior4", "Account coordinator"));
        p.Subsidiary(sakuragawa, "Sakuragawa Electronics America", "Sakuragawa Electronics America Inc.", "US", "America/Los_Angeles", AccountTier.KeyAccount, "senior1");
        p.Subsidiary(sakuragawa, "Sakuragawa Electronics Singapore", "Sakuragawa Electronics Singapore Pte. Ltd.", "SG", "Asia/Singapore", AccountTier.Managed, "junior3");

        // The three groups bought across their countries as one are managed as global accounts.
        falkenried.Account.IsGlobal = bluehaven.Account.IsGlobal = sakuragawa.Account.IsGlobal = true;

        var lumenor = p.Group("Lumenor", "Groupe Lumenor SA", "FR", "Europe/Paris", "Retail",
            AccountTier.KeyAccount, "senior1", "lumenor.example",
            ("junior2", "Account coordinator"), ("marketing", "Marketing partner"));
        p.Subsidiary(lumenor, "Lumenor España", "Lumenor España S.L.", "ES", "Europe/Madrid", AccountTier.Managed, "junior2");
        p.Subsidiary(lumenor, "Lumenor Belgique", "Lumenor Belgique SA", "BE", "Europe/Brussels", AccountTier.Managed, "junior2");
        p.Subsidiary(lumenor, "Lumenor Schweiz", "Lumenor Schweiz AG", "CH", "Europe/Zurich", AccountTier.Standard, "junior1");

        var nordvik = p.Group("Nordvik Logistics", "Nordvik Logistics AB", "SE", "Europe/Stockholm", "Logistics",
            AccountTier.KeyAccount, "senior2", "nordvik-logistics.example",
            ("support", "Support lead"));
        p.Subsidiary(nordvik, "Nordvik Logistics Nederland", "Nordvik Logistics Nederland B.V.", "NL", "Europe/Amsterdam", AccountTier.Managed, "junior4");
        p.Subsidiary(nordvik, "Nordvik Logistics Finland", "Nordvik Logistics Finland Oy", "FI", "Europe/Helsinki", AccountTier.Standard, "junior4");
        p.Subsidiary(nordvik, "Nordvik Logistics Norge", "Nordvik Logistics Norge AS", "NO", "Europe/Oslo", AccountTier.Standard, "junior3");
    }

    /// <summary>Independent customers: a family name and a trade, as many mid-sized companies are called.</summary>
    private static void AddStandalone(Planner p)
    {
        var random = p.Random;
        AccountTier[] tiers = [AccountTier.KeyAccount, AccountTier.KeyAccount, .. Enumerable.Repeat(AccountTier.Managed, 8), .. Enumerable.Repeat(AccountTier.Standard, 8)];
        tiers = [.. random.Shuffle(tiers)];
        string[] seniors = ["senior1", "senior2"];
        string[] juniors = ["junior1", "junior2", "junior3", "junior4"];
        for (var i = 0; i < StandaloneCount; i++)
        {
            var country = DemoCountries.Get(StandaloneCountries[i]);
            var (industry, words) = random.ArrayElement(Industries);
            var tier = tiers[i];
            string name;
            do
            {
                name = $"{p.Names.LastName(country)} {random.ArrayElement(words)}";
            }
            while (!p.IsNewName(name));

            // Seniors keep the key accounts and every fourth other one; juniors run the rest.
            var owner = tier == AccountTier.KeyAccount || i % 4 == 3 ? seniors[i % 2] : juniors[i % juniors.Length];
            var team = new List<(string, string)>();
            if (owner.StartsWith("senior", StringComparison.Ordinal) && random.Bool())
            {
                var reports = DemoUsers.All.Where(u => u.ManagerKey == owner).Select(u => u.Key).ToArray();
                team.Add((random.ArrayElement(reports), "Account coordinator"));
            }
            if (tier == AccountTier.KeyAccount)
            {
                team.Add(("marketing", "Marketing partner"));
            }
            if (tier != AccountTier.Standard && random.Bool(0.3f))
            {
                team.Add(("support", "Support lead"));
            }
            var domain = DemoText.Slug(name, country.SpellsUmlautsOut) + ".example";
            p.Add(name, $"{name} {random.ArrayElement(country.LegalSuffixes)}", country, random.ArrayElement(country.TimeZones), industry, tier, owner,
                domain, $"https://www.{domain}", parent: null, [.. team]);
        }
    }

    private sealed class Planner(IReadOnlyDictionary<string, KeystoneUser> users, Randomizer random)
    {
        private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

        public List<DemoAccount> Accounts { get; } = [];

        public Randomizer Random => random;

        public DemoNames Names { get; } = new(random);

        public bool IsNewName(string name) => !_names.Contains(name);

        public DemoAccount Group(string name, string legalName, string country, string timeZone, string industry, AccountTier tier,
            string owner, string domain, params (string User, string Role)[] team) =>
            Add(name, legalName, DemoCountries.Get(country), timeZone, industry, tier, owner, domain, $"https://www.{domain}", parent: null, team);

        /// <summary>Subsidiaries share their group's domain, as most groups' people do; the website is the country's page.</summary>
        public DemoAccount Subsidiary(DemoAccount parent, string name, string legalName, string country, string timeZone, AccountTier tier,
            string owner, params (string User, string Role)[] team) =>
            Add(name, legalName, DemoCountries.Get(country), timeZone, parent.Account.Industry!, tier, owner, parent.Domain,
                $"https://www.{parent.Domain}/{country.ToLowerInvariant()}", parent, team);

        public DemoAccount Add(string name, string legalName, DemoCountry country, string timeZone, string industry, AccountTier tier,
            string owner, string domain, string website, DemoAccount? parent, (string User, string Role)[] team)
        {
            _names.Add(name);
            var account = new Account
            {
                Name = name,
                LegalName = legalName,
                Industry = industry,
                Country = country.Code,
                TimeZone = timeZone,
                Currency = country.Currency,
                Website = website,
                Tier = tier,
                OwnerId = users[owner].Id,
                ParentAccountId = parent?.Account.Id,
            };
            account.TeamMembers.AddRange(team.Select(m => new AccountTeamMember { AccountId = account.Id, UserId = users[m.User].Id, Role = m.Role }));
            var demo = new DemoAccount(account, country, domain, parent is not null);
            Accounts.Add(demo);
            return demo;
        }

        /// <summary>Every account is in the ERP; the larger ones, and some others, are in Salesforce too.</summary>
        public void AssignExternalIds()
        {
            var erp = 10_000;
            foreach (var demo in Accounts)
            {
                var account = demo.Account;
                erp += random.Number(1, 60);
                account.ExternalIds.Add(new AccountExternalId { AccountId = account.Id, Source = ErpSource, ExternalId = $"C{erp}" });
                if (account.Tier is AccountTier.StrategicKeyAccount or AccountTier.KeyAccount || random.Bool())
                {
                    // Salesforce account ids: the key prefix 001, then 15 case-sensitive characters.
                    var id = "001" + random.String2(15, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
                    account.ExternalIds.Add(new AccountExternalId { AccountId = account.Id, Source = SalesforceSource, ExternalId = id });
                }
            }
        }
    }
}
