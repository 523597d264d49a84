using Bogus;
using Keystone.Core.Accounts;
using Keystone.Core.Contacts;
using Keystone.Core.Data;

namespace Keystone.Core.Demo;

/// <summary>
/// About three hundred people at the demo accounts, each account with an org chart from its
/// CEO (or a subsidiary's managing director) down to buyers and project managers.
/// </summary>
internal static class DemoContacts
{
    private const int Seed = 7_117;

    /// <summary>Positions in the order an account fills them; a position reports to one listed before it.</summary>
    private static readonly (string Title, string SubsidiaryTitle, int? ReportsTo)[] OrgChart =
    [
        ("CEO", "Managing Director", null),                                             // 0
        ("CFO", "Finance Director", 0),                                                 // 1
        ("Head of Procurement", "Head of Procurement", 1),                              // 2
        ("COO", "Operations Director", 0),                                              // 3
        ("CIO", "Head of IT", 0),                                                       // 4
        ("IT Director", "IT Manager", 4),                                               // 5
        ("Senior Buyer", "Senior Buyer", 2),                                            // 6
        ("Head of Operations", "Operations Manager", 3),                                // 7
        ("Financial Controller", "Financial Controller", 1),                            // 8
        ("Category Manager", "Category Manager", 2),                                    // 9
        ("Executive Assistant to the CEO", "Executive Assistant to the Managing Director", 0), // 10
        ("IT Project Manager", "IT Project Manager", 5),                                // 11
        ("Logistics Manager", "Logistics Manager", 7),                                  // 12
        ("Quality Manager", "Quality Manager", 7),                                      // 13
        ("Buyer", "Buyer", 2),                                                          // 14
        ("General Counsel", "Legal Counsel", 0),                                        // 15
        ("Accounts Payable Lead", "Accounts Payable Lead", 8),                          // 16
        ("Procurement Specialist", "Procurement Specialist", 2),                        // 17
    ];

    /// <summary>Builds every account's people in memory, managers before their reports.</summary>
    public static IReadOnlyList<Contact> Plan(IReadOnlyList<DemoAccount> accounts)
    {
        var random = new Randomizer(Seed);
        var names = new DemoNames(random);
        var emails = new HashSet<string>(StringComparer.Ordinal);
        var contacts = new List<Contact>();
        foreach (var demo in accounts)
        {
            var size = demo.Account.Tier switch
            {
                AccountTier.StrategicKeyAccount => random.Number(14, OrgChart.Length),
                AccountTier.KeyAccount => random.Number(9, 12),
                AccountTier.Managed => random.Number(5, 8),
                _ => random.Number(3, 5),
            };
            // The head office's switchboard: its people share the area code and differ in the line.
            var switchboard = random.ArrayElement(demo.Country.PhonePatterns);
            var positions = new Contact[size];
            for (var i = 0; i < size; i++)
            {
                var (title, subsidiaryTitle, reportsTo) = OrgChart[i];
                var first = names.FirstName(demo.Country);
                var last = names.LastName(demo.Country);
                positions[i] = new Contact
                {
                    AccountId = demo.Account.Id,
                    FirstName = first,
                    LastName = last,
                    Title = demo.IsSubsidiary ? subsidiaryTitle : title,
                    Email = Email(first, last, demo, emails),
                    // Most people give a direct line; some are reached only by email.
                    Phone = random.Bool(0.9f) ? Phone(random, switchboard) : null,
                    ReportsToId = reportsTo is { } manager ? positions[manager].Id : null,
                };
            }
            contacts.AddRange(positions);
        }
        DemoStakeholders.Assign(accounts, contacts);
        return contacts;
    }

    public static async Task AddAsync(KeystoneDbContext db, IReadOnlyList<Contact> contacts, CancellationToken ct)
    {
        db.Contacts.AddRange(contacts);
        await db.SaveChangesAsync(ct);
    }

    private static string Phone(Randomizer random, string pattern) =>
        string.Concat(pattern.Select(ch => ch switch
        {
            '#' => (char)('0' + random.Number(0, 9)),
            '%' => (char)('0' + random.Number(1, 9)),
            _ => ch,
        }));

    /// <summary>first.last@domain, as most companies spell them; a namesake gets the initial, then a number.</summary>
    private static string Email(string first, string last, DemoAccount demo, HashSet<string> taken)
    {
        var given = DemoText.EmailPart(first, demo.Country.SpellsUmlautsOut) is { Length: > 0 } g ? g : "contact";
        var family = DemoText.EmailPart(last, demo.Country.SpellsUmlautsOut) is { Length: > 0 } f ? f : "person";
        string[] candidates = [$"{given}.{family}", $"{given[0]}.{family}"];
        foreach (var candidate in candidates.Select(c => $"{c}@{demo.Domain}"))
        {
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
        for (var n = 2; ; n++)
        {
            var candidate = $"{given}.{family}{n}@{demo.Domain}";
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
