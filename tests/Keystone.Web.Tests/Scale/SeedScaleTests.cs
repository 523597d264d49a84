using Keystone.Cli;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Scale;
using Keystone.Web.Data;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Scale;

/// <summary><c>keystone seed scale</c> at tiny counts: the counts asked for, the same data for the same seed, and the skew.</summary>
public sealed class SeedScaleTests
{
    private static readonly string[] Tiny =
        ["--accounts", "60", "--contacts", "300", "--activities", "900", "--invoice-lines", "700", "--skew", "200", "--seed", "7"];

    [Theory, AllDatabases]
    public async Task Seed_scale_writes_the_counts_asked_for_with_the_skewed_account(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);

        var run = await RunAsync(database, ["seed", "scale", .. Tiny]);

        Assert.True(run.ExitCode == 0, run.Error);
        var data = new ScaleData(new ScaleOptions { Accounts = 60, Contacts = 300, Activities = 900, InvoiceLines = 700, SkewActivities = 200, Seed = 7 });
        Assert.Contains($"Skewed account: {data.AccountId(data.SkewedAccountIndex)}", run.Output, StringComparison.Ordinal);
        await using var db = Open(database);
        Assert.Equal(60, await db.Accounts.CountAsync());
        Assert.Equal(300, await db.Contacts.CountAsync());
        Assert.Equal(900, await db.Activities.CountAsync());
        Assert.Equal(700, await db.InvoiceLines.CountAsync());
        Assert.Equal(data.UserCount, await db.Users.CountAsync());

        var perAccount = await db.Activities.GroupBy(a => a.AccountId).Select(g => new { g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).ToListAsync();
        Assert.Equal(data.AccountId(data.SkewedAccountIndex), perAccount[0].Key);
        Assert.Equal(200, perAccount[0].Count);
        Assert.True(perAccount[1].Count < 100, "Only the skewed account is that busy.");

        // Realistic shapes: groups, several currencies and time zones, seniors with juniors, a few key accounts.
        Assert.True(await db.Accounts.CountAsync(a => a.ParentAccountId != null) > 0);
        Assert.True(await db.Accounts.Select(a => a.Currency).Distinct().CountAsync() >= 3);
        Assert.True(await db.Accounts.Select(a => a.TimeZone).Distinct().CountAsync() >= 3);
        Assert.True(await db.Users.CountAsync(u => u.ManagerId != null && u.Role == Core.Users.KeystoneRole.JuniorKam) > 0);
        Assert.InRange(await db.Accounts.CountAsync(a => a.Tier == AccountTier.StrategicKeyAccount || a.Tier == AccountTier.KeyAccount), 1, 20);
        Assert.True(await db.InvoiceLines.AnyAsync(l => l.AccountId == null));
    }

    [Theory, AllDatabases]
    public async Task The_same_seed_gives_the_same_data_and_another_seed_other_data(DatabaseKind kind)
    {
        await using var first = TestDatabase.Create(kind);
        await using var second = TestDatabase.Create(kind);
        await using var other = TestDatabase.Create(kind);

        Assert.Equal(0, (await RunAsync(first, ["seed", "scale", .. Tiny])).ExitCode);
        Assert.Equal(0, (await RunAsync(second, ["seed", "scale", .. Tiny])).ExitCode);
        Assert.Equal(0, (await RunAsync(other, ["seed", "scale", .. Tiny[..^1], "8"])).ExitCode);

        var a = await FingerprintAsync(first);
        Assert.Equal(a, await FingerprintAsync(second));
        Assert.NotEqual(a, await FingerprintAsync(other));
    }

    [Theory, AllDatabases]
    public async Task Seed_scale_refuses_a_database_that_holds_accounts(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        Assert.Equal(0, (await RunAsync(database, ["seed", "scale", .. Tiny])).ExitCode);

        var again = await RunAsync(database, ["seed", "scale", .. Tiny]);

        Assert.Equal(KeystoneCli.Failure, again.ExitCode);
        Assert.Contains("already holds accounts", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_out_of_range_are_refused_by_name()
    {
        var e = Assert.Throws<Core.Common.ValidationException>(() => SeedScale.Validate(new ScaleOptions { Accounts = 1, Months = 0 }));
        Assert.Contains("accounts", e.Errors.Keys);
        Assert.Contains("months", e.Errors.Keys);
    }

    private static async Task<string> FingerprintAsync(TestDatabase database)
    {
        await using var db = Open(database);
        var accounts = await db.Accounts.OrderBy(a => a.Id).Select(a => a.Id + a.Name + a.OwnerId + a.ParentAccountId + a.Currency).ToListAsync();
        var contacts = await db.Contacts.OrderBy(c => c.Id).Select(c => c.Id + c.AccountId.ToString() + c.LastName + c.Email).ToListAsync();
        var activities = await db.Activities.OrderBy(a => a.Id).Select(a => new { a.Id, a.AccountId, a.StartsAt, a.Subject }).ToListAsync();
        var lines = await db.InvoiceLines.OrderBy(l => l.Id).Select(l => new { l.Id, l.AccountId, l.InvoiceDate, l.AmountE4 }).ToListAsync();
        return string.Join('|', accounts) + string.Join('|', contacts)
            + string.Join('|', activities.Select(a => $"{a.Id}{a.AccountId}{a.StartsAt.UtcTicks}{a.Subject}"))
            + string.Join('|', lines.Select(l => $"{l.Id}{l.AccountId}{l.InvoiceDate}{l.AmountE4}"));
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(TestDatabase database, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KeystoneCli.RunAsync([.. args, "--provider", database.ProviderName, "--connection", database.ConnectionString], output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static KeystoneDbContext Open(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        DatabaseRegistration.Providers.Single(p => p.Name == database.ProviderName).Configure(options, database.ConnectionString);
        return KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
    }
}
