using System.Globalization;
using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Contacts;
using Keystone.Core.Relationships;
using Keystone.Core.Revenue;
using Keystone.Core.Users;

namespace Keystone.Core.Scale;

/// <summary>How much data <c>keystone seed scale</c> makes, and from which seed.</summary>
public sealed record ScaleOptions
{
    public int Accounts { get; init; } = 100_000;
    public int Contacts { get; init; } = 1_000_000;
    public int Activities { get; init; } = 10_000_000;
    public int InvoiceLines { get; init; } = 5_000_000;

    /// <summary>The same seed gives the same data, ids included.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Activities of the one very busy account; capped at half of <see cref="Activities"/>.</summary>
    public int SkewActivities { get; init; } = 50_000;

    /// <summary>The invoice lines span this many months, ending with <see cref="LastMonth"/>.</summary>
    public int Months { get; init; } = 24;

    public DateOnly LastMonth { get; init; } = new(2026, 10, 1);

    public int SkewCount => Math.Min(SkewActivities, Activities / 2);

    /// <summary>Key account managers: one for about every thousand accounts, at least four; a quarter of them senior.</summary>
    public int Kams => Math.Clamp(Accounts / 1_000, 4, 400);
}

/// <summary>
/// A large, realistic and deterministic portfolio for load and benchmark runs: a few large accounts
/// and many small ones, account groups, eight countries with their time zones and currencies, senior
/// KAMs with juniors, and one account with a very long activity history (the skew). Every row is a
/// pure function of the seed and its position, so that the same seed gives the same database and a
/// benchmark can name the accounts it reads (<see cref="AccountId"/>, <see cref="SkewedAccountIndex"/>).
/// </summary>
public sealed class ScaleData(ScaleOptions options)
{
    public const string EmailDomain = "scale.keystone.test";
    public const string Source = "scale";
    public const string ReportingCurrency = "EUR";

    private static readonly DateTimeOffset Created = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Country, time zone, currency and the currency's rate to EUR.</summary>
    public static readonly IReadOnlyList<(string Country, string TimeZone, string Currency, decimal RateToEur)> Regions =
    [
        ("DE", "Europe/Berlin", "EUR", 1m),
        ("FR", "Europe/Paris", "EUR", 1m),
        ("GB", "Europe/London", "GBP", 1.17m),
        ("US", "America/New_York", "USD", 0.92m),
        ("US", "America/Los_Angeles", "USD", 0.92m),
        ("CH", "Europe/Zurich", "CHF", 1.04m),
        ("JP", "Asia/Tokyo", "JPY", 0.0062m),
        ("SG", "Asia/Singapore", "SGD", 0.68m),
    ];

    private static readonly string[] Stems =
        ["Nord", "Alpen", "Rhein", "Atlas", "Orion", "Vega", "Helix", "Pioneer", "Summit", "Harbor", "Cedar", "Falcon", "Granite", "Lumen", "Meridian", "Quantum", "Sakura", "Tessera", "Union", "Zenith"];

    private static readonly string[] Trades =
        ["Logistics", "Pharma", "Retail", "Energy", "Foods", "Systems", "Motors", "Chemicals", "Bank", "Telecom", "Textiles", "Aerospace"];

    private static readonly string[] Industries =
        ["Logistics", "Pharmaceuticals", "Retail", "Energy", "Food and beverage", "Software", "Automotive", "Chemicals", "Financial services", "Telecommunications", "Textiles", "Aerospace"];

    private static readonly string[] FirstNames =
        ["Anna", "Ben", "Chloé", "David", "Elena", "Felix", "Grace", "Hiro", "Ines", "Jonas", "Kim", "Lena", "Marco", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara", "Yuki", "Zoe"];

    private static readonly string[] LastNames =
        ["Andersen", "Becker", "Costa", "Dubois", "Evans", "Fischer", "García", "Hoffmann", "Ito", "Jensen", "Klein", "Lambert", "Müller", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber"];

    private static readonly string[] Subjects =
        ["Quarterly business review", "Renewal call", "Site visit", "Pricing discussion", "Escalation follow-up", "Product demo", "Account planning", "Contract negotiation", "Onboarding check-in", "Executive sponsor meeting"];

    private static readonly string[] Titles =
        ["Chief Procurement Officer", "Head of Purchasing", "IT Director", "Category Manager", "CFO", "Operations Manager", "Buyer", "Project Lead"];

    private static readonly string[] TeamRoles = ["Support lead", "Solution engineer", "Marketing", "Service manager"];

    public ScaleOptions Options { get; } = options;

    public DateOnly FirstMonth => Options.LastMonth.AddMonths(1 - Options.Months);

    public int UserCount => 2 + Options.Kams + 3;

    /// <summary>The busy account: a key account with <see cref="ScaleOptions.SkewCount"/> activities.</summary>
    public int SkewedAccountIndex => Math.Min(7, Options.Accounts - 1);

    /// <summary>An ordinary standard account, of median size.</summary>
    public int MedianAccountIndex => Options.Accounts / 2 | 1;

    public Guid AccountId(int index) => Id(1, index);

    public Guid UserId(int index) => Id(0, index);

    /// <summary>KAMs are users 2 to Kams+1; the first quarter of them are seniors, each the manager of three juniors.</summary>
    public string KamEmail(int kam) => $"kam{kam + 1:D3}@{EmailDomain}";

    public static string AdminEmail => $"admin@{EmailDomain}";

    public static string HeadEmail => $"head@{EmailDomain}";

    public int SeniorCount => Math.Max(1, Options.Kams / 4);

    /// <summary>The tier by position: the first 0.1 % strategic, then up to 1 % key, up to 10 % managed, the rest standard.</summary>
    public AccountTier TierOf(int index) =>
        index < Math.Max(2, Options.Accounts / 1_000) ? AccountTier.StrategicKeyAccount
        : index < Math.Max(10, Options.Accounts / 100) ? AccountTier.KeyAccount
        : index < Options.Accounts / 10 ? AccountTier.Managed
        : AccountTier.Standard;

    public int OwnerKamOf(int account) => (int)(Mix(Options.Seed, 11, account) % (ulong)Options.Kams);

    public static string ExternalIdOf(int account) => $"C{account:D7}";

    public IEnumerable<KeystoneUser> Users()
    {
        yield return User(0, AdminEmail, "Scale Admin", KeystoneRole.Administrator, null);
        yield return User(1, HeadEmail, "Scale Head of KAM", KeystoneRole.HeadOfKam, null);
        for (var k = 0; k < Options.Kams; k++)
        {
            var senior = k < SeniorCount;
            var manager = senior ? UserId(1) : UserId(2 + (k % SeniorCount));
            yield return User(2 + k, KamEmail(k), $"{Pick(FirstNames, 21, k)} {Pick(LastNames, 22, k)} ({k + 1})",
                senior ? KeystoneRole.SeniorKam : KeystoneRole.JuniorKam, manager);
        }
        var after = 2 + Options.Kams;
        yield return User(after, $"support@{EmailDomain}", "Scale Support", KeystoneRole.Contributor, null);
        yield return User(after + 1, $"marketing@{EmailDomain}", "Scale Marketing", KeystoneRole.Contributor, null);
        yield return User(after + 2, $"viewer@{EmailDomain}", "Scale Viewer", KeystoneRole.Viewer, null);
    }

    public IEnumerable<Account> Accounts()
    {
        for (var i = 0; i < Options.Accounts; i++)
        {
            var region = Regions[(int)(Mix(Options.Seed, 12, i) % (ulong)Regions.Count)];
            var trade = (int)(Mix(Options.Seed, 13, i) % (ulong)Trades.Length);
            var name = $"{Pick(Stems, 14, i)} {Trades[trade]} {i:D6}";
            yield return new Account
            {
                Id = AccountId(i),
                Name = name,
                LegalName = $"{name} Ltd",
                Industry = Industries[trade],
                Country = region.Country,
                TimeZone = region.TimeZone,
                Currency = region.Currency,
                Tier = TierOf(i),
                OwnerId = UserId(2 + OwnerKamOf(i)),
                ParentAccountId = ParentOf(i) is { } parent ? AccountId(parent) : null,
                CreatedAt = Created.AddSeconds(i),
                UpdatedAt = Created.AddSeconds(i + (int)(Mix(Options.Seed, 15, i) % 10_000_000)),
                Version = 1,
            };
        }
    }

    /// <summary>Groups: every strategic and key account heads a group of up to five subsidiaries among the managed accounts after it.</summary>
    public int? ParentOf(int index)
    {
        var heads = Math.Max(10, Options.Accounts / 100);
        var firstChild = heads;
        if (index < firstChild || index >= firstChild + heads * 5 || index >= Options.Accounts)
        {
            return null;
        }
        return (index - firstChild) / 5;
    }

    public IEnumerable<AccountTeamMember> TeamMembers()
    {
        var support = UserId(2 + Options.Kams);
        var marketing = UserId(3 + Options.Kams);
        for (var i = 0; i < Options.Accounts; i++)
        {
            var tier = TierOf(i);
            if (tier is AccountTier.Standard)
            {
                continue;
            }
            yield return new AccountTeamMember { AccountId = AccountId(i), UserId = support, Role = TeamRoles[0] };
            if (tier is AccountTier.StrategicKeyAccount or AccountTier.KeyAccount)
            {
                yield return new AccountTeamMember { AccountId = AccountId(i), UserId = marketing, Role = TeamRoles[2] };
                // A junior of the owner's senior helps on key accounts.
                var owner = OwnerKamOf(i);
                var helper = SeniorCount + (int)(Mix(Options.Seed, 16, i) % (ulong)Math.Max(1, Options.Kams - SeniorCount));
                if (helper != owner && helper < Options.Kams)
                {
                    yield return new AccountTeamMember { AccountId = AccountId(i), UserId = UserId(2 + helper), Role = TeamRoles[1] };
                }
            }
        }
    }

    public IEnumerable<AccountExternalId> ExternalIds()
    {
        for (var i = 0; i < Options.Accounts; i++)
        {
            yield return new AccountExternalId { AccountId = AccountId(i), Source = Source, ExternalId = ExternalIdOf(i) };
        }
    }

    /// <summary>
    /// Picks the account of the n-th row of a kind: a third of the rows go to the key accounts (the
    /// first 1 %), the rest spread over all accounts, so that a few accounts are large and most small.
    /// </summary>
    public int AccountOfRow(int kind, long n)
    {
        var h = Mix(Options.Seed, kind, n);
        var large = Math.Max(5, Options.Accounts / 100);
        return h % 3 == 0 ? (int)((h >> 8) % (ulong)large) : (int)((h >> 8) % (ulong)Options.Accounts);
    }

    public IEnumerable<Contact> Contacts()
    {
        for (var n = 0; n < Options.Contacts; n++)
        {
            var account = AccountOfRow(30, n);
            var first = Pick(FirstNames, 31, n);
            var last = Pick(LastNames, 32, n);
            var h = Mix(Options.Seed, 33, n);
            yield return new Contact
            {
                Id = Id(3, n),
                AccountId = AccountId(account),
                FirstName = first,
                LastName = last,
                Title = Titles[(int)(h % (ulong)Titles.Length)],
                Email = $"{first.ToLowerInvariant()}.{n}@c{account}.example.com",
                BuyingRole = h % 4 == 0 ? StakeholderNames.BuyingRoles[(int)((h >> 4) % (ulong)StakeholderNames.BuyingRoles.Count)] : null,
                Influence = h % 4 == 0 ? (int)((h >> 12) % 5) + 1 : null,
                Attitude = h % 4 == 0 ? StakeholderNames.Attitudes[(int)((h >> 16) % (ulong)StakeholderNames.Attitudes.Count)] : null,
                CreatedAt = Created.AddSeconds(n),
                UpdatedAt = Created.AddSeconds(n),
                Version = 1,
            };
        }
    }

    /// <summary>The skewed account's activities first, then the rest spread as <see cref="AccountOfRow"/> says.</summary>
    public IEnumerable<Activity> Activities()
    {
        var span = (long)(Options.LastMonth.AddMonths(1).ToDateTime(TimeOnly.MinValue) - FirstMonth.ToDateTime(TimeOnly.MinValue)).TotalMinutes;
        var start = new DateTimeOffset(FirstMonth.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var now = new DateTimeOffset(Options.LastMonth.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-7);
        for (var n = 0; n < Options.Activities; n++)
        {
            var account = n < Options.SkewCount ? SkewedAccountIndex : AccountOfRow(40, n);
            if (n >= Options.SkewCount && account == SkewedAccountIndex)
            {
                account = (account + 1) % Options.Accounts;
            }
            var h = Mix(Options.Seed, 41, n);
            var startsAt = start.AddMinutes((long)(h % (ulong)span) / 15 * 15);
            var type = (ActivityType)((h >> 20) % 5);
            yield return new Activity
            {
                Id = Id(4, n),
                AccountId = AccountId(account),
                Type = type,
                Status = startsAt < now ? ActivityStatus.Completed : ActivityStatus.Planned,
                StartsAt = startsAt,
                TimeZone = Regions[(int)(Mix(Options.Seed, 12, account) % (ulong)Regions.Count)].TimeZone,
                DurationMinutes = type is ActivityType.Email or ActivityType.Note ? 0 : 30 + (int)((h >> 28) % 4) * 30,
                Subject = Subjects[(int)((h >> 32) % (ulong)Subjects.Length)],
                Summary = h % 3 == 0 ? "Discussed volumes for next quarter and open service tickets." : null,
                OwnerId = UserId(2 + OwnerKamOf(account)),
                CreatedAt = startsAt,
                UpdatedAt = startsAt,
                Version = 1,
            };
        }
    }

    public int ProductCount => Math.Clamp(Options.InvoiceLines / 100, 10, 2_000);

    public IEnumerable<Product> Products()
    {
        for (var p = 0; p < ProductCount; p++)
        {
            yield return new Product
            {
                Id = Id(5, p),
                Code = $"P{p:D5}",
                Name = $"{Pick(Stems, 51, p)} {(p % 7 == 0 ? "Service" : "Unit")} {p}",
                Category = $"Category {p % 12 + 1}",
                CreatedAt = Created,
                UpdatedAt = Created,
                Version = 1,
            };
        }
    }

    public InvoiceImport Import() => new()
    {
        Id = Id(6, 0),
        Source = Source,
        FileName = "seed-scale",
        Sha256 = new string('0', 64),
        StartedAt = Created,
        FinishedAt = Created,
        Status = ImportStatus.Completed,
        ReportingCurrency = ReportingCurrency,
        LinesRead = Options.InvoiceLines,
        LinesImported = Options.InvoiceLines,
    };

    /// <summary>A rate per currency (other than EUR) and month, so that imports of the same currencies convert.</summary>
    public IEnumerable<ExchangeRate> ExchangeRates()
    {
        foreach (var currency in Regions.Where(r => r.Currency != ReportingCurrency).DistinctBy(r => r.Currency))
        {
            for (var m = FirstMonth.AddMonths(-12); m <= Options.LastMonth.AddMonths(1); m = m.AddMonths(1))
            {
                yield return new ExchangeRate { Currency = currency.Currency, ToCurrency = ReportingCurrency, Date = m, Rate = currency.RateToEur };
            }
        }
    }

    /// <summary>
    /// Invoices of one to eight lines over <see cref="ScaleOptions.Months"/> months; each account buys
    /// only within its own window of months (so that some churn and some are new), and 1 % of the
    /// invoices are of customers that no account carries (unattributed revenue).
    /// </summary>
    public IEnumerable<InvoiceLine> InvoiceLines()
    {
        var written = 0;
        for (var invoice = 0; written < Options.InvoiceLines; invoice++)
        {
            var h = Mix(Options.Seed, 60, invoice);
            var lines = (int)(h % 8) + 1;
            var unattributed = (h >> 3) % 100 == 0;
            var account = AccountOfRow(61, invoice);
            var (firstMonth, lastMonth) = WindowOf(account);
            var month = firstMonth + (int)((h >> 10) % (ulong)(lastMonth - firstMonth + 1));
            var date = FirstMonth.AddMonths(month).AddDays((int)((h >> 20) % 28));
            var region = Regions[(int)(Mix(Options.Seed, 12, account) % (ulong)Regions.Count)];
            var number = $"S{invoice:D9}";
            for (var line = 1; line <= lines && written < Options.InvoiceLines; line++, written++)
            {
                var lh = Mix(Options.Seed, 62, written);
                var product = (int)(lh % (ulong)ProductCount);
                var quantity = (decimal)((int)((lh >> 12) % 20) + 1) * ((lh >> 40) % 20 == 0 ? -1 : 1);
                var unitPrice = Math.Round((decimal)((lh >> 20) % 100_000) / 100m + 5m, 2);
                var unitCost = Math.Round(unitPrice * 0.6m, 2);
                var amount = Math.Round(quantity * unitPrice * region.RateToEur, 4, MidpointRounding.AwayFromZero);
                var cost = Math.Round(quantity * unitCost * region.RateToEur, 4, MidpointRounding.AwayFromZero);
                yield return new InvoiceLine
                {
                    Id = Id(7, written),
                    AccountId = unattributed ? null : AccountId(account),
                    Source = Source,
                    InvoiceNumber = number,
                    LineKey = line.ToString(CultureInfo.InvariantCulture),
                    InvoiceDate = date,
                    CustomerExternalId = unattributed ? $"U{invoice % 997:D4}" : ExternalIdOf(account),
                    CustomerName = unattributed ? "Walk-in customer" : null,
                    ProductId = Id(5, product),
                    Quantity = quantity,
                    UnitPrice = unitPrice,
                    Currency = region.Currency,
                    UnitCost = unitCost,
                    ExchangeRate = region.RateToEur,
                    Amount = amount,
                    AmountE4 = ScaledMoney.ToE4(amount),
                    CostAmount = cost,
                    CostAmountE4 = ScaledMoney.ToE4(cost),
                    ImportId = Id(6, 0),
                };
            }
        }
    }

    /// <summary>The months (0 = <see cref="FirstMonth"/>) an account buys in: most all along, some start late, some stop early.</summary>
    public (int First, int Last) WindowOf(int account)
    {
        var h = Mix(Options.Seed, 63, account);
        var months = Options.Months;
        var first = h % 5 == 0 ? (int)((h >> 8) % (ulong)months) : 0;
        var last = (h >> 4) % 6 == 0 ? first + (int)((h >> 16) % (ulong)(months - first)) : months - 1;
        return (first, last);
    }

    private KeystoneUser User(int index, string email, string name, KeystoneRole role, Guid? manager) => new()
    {
        Id = UserId(index),
        Email = email,
        UserName = email,
        NormalizedEmail = email.ToUpperInvariant(),
        NormalizedUserName = email.ToUpperInvariant(),
        EmailConfirmed = true,
        SecurityStamp = Id(8, index).ToString("N"),
        ConcurrencyStamp = Id(9, index).ToString(),
        LockoutEnabled = true,
        DisplayName = name,
        Role = role,
        ManagerId = manager,
        IsActive = true,
        CreatedAt = Created,
    };

    private string Pick(string[] values, int kind, long n) => values[(int)(Mix(Options.Seed, kind, n) % (ulong)values.Length)];

    /// <summary>
    /// The id of the n-th row of a kind: ascending with n (rows append to the primary key's index),
    /// distinct per kind and seed.
    /// </summary>
    private Guid Id(int kind, long n)
    {
        var prefix = (uint)(0x10000000u | ((uint)kind << 20) | ((uint)Options.Seed & 0xFFFFF));
        var tail = Mix(Options.Seed, 100 + kind, n);
        return new Guid(prefix, (ushort)(n >> 32), (ushort)(n >> 16), (byte)(n >> 8), (byte)n,
            (byte)tail, (byte)(tail >> 8), (byte)(tail >> 16), (byte)(tail >> 24), (byte)(tail >> 32), (byte)(tail >> 40));
    }

    /// <summary>A 64-bit hash of (seed, kind, n): SplitMix64, so that any row is computed without the ones before it.</summary>
    private static ulong Mix(int seed, int kind, long n)
    {
        var z = unchecked((ulong)n * 0x9E3779B97F4A7C15UL + ((ulong)(uint)seed << 32) + (ulong)(uint)kind * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
