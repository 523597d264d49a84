using Keystone.Core.Accounts;
using Keystone.Core.Scale;
using Keystone.Core.Users;

namespace Keystone.Core.Tests.Scale;

public sealed class ScaleDataTests
{
    private static readonly ScaleOptions Small = new() { Accounts = 2_000, Contacts = 5_000, Activities = 20_000, InvoiceLines = 10_000, SkewActivities = 3_000, Seed = 3 };

    [Fact]
    public void The_same_seed_gives_the_same_rows_and_another_seed_other_rows()
    {
        var a = new ScaleData(Small);
        var b = new ScaleData(Small);
        var c = new ScaleData(Small with { Seed = 4 });

        Assert.Equal(a.Accounts().Select(x => (x.Id, x.Name, x.OwnerId)), b.Accounts().Select(x => (x.Id, x.Name, x.OwnerId)));
        Assert.Equal(a.InvoiceLines().Select(l => (l.Id, l.AmountE4, l.InvoiceDate)), b.InvoiceLines().Select(l => (l.Id, l.AmountE4, l.InvoiceDate)));
        Assert.NotEqual(a.Accounts().Select(x => x.Id), c.Accounts().Select(x => x.Id));
    }

    [Fact]
    public void Ids_ascend_with_the_position_so_that_rows_append_to_the_primary_key()
    {
        var data = new ScaleData(Small);

        var ids = data.Activities().Select(a => a.Id.ToString()).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void The_counts_are_exact_and_one_account_carries_the_skew()
    {
        var data = new ScaleData(Small);

        var perAccount = data.Activities().GroupBy(a => a.AccountId).Select(g => (g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();

        Assert.Equal(20_000, perAccount.Sum(g => g.Count));
        Assert.Equal(10_000, data.InvoiceLines().Count());
        Assert.Equal(5_000, data.Contacts().Count());
        Assert.Equal((data.AccountId(data.SkewedAccountIndex), 3_000), perAccount[0]);
        Assert.True(perAccount[1].Count < 3_000 / 2);
    }

    [Fact]
    public void The_portfolio_has_groups_tiers_regions_and_kams_with_juniors()
    {
        var data = new ScaleData(Small);
        var accounts = data.Accounts().ToList();
        var users = data.Users().ToList();

        // A parent comes before its subsidiaries, so that a row-by-row insert meets its foreign key.
        var position = accounts.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
        Assert.All(accounts.Where(a => a.ParentAccountId is not null), a => Assert.True(position[a.ParentAccountId!.Value] < position[a.Id]));
        Assert.True(accounts.Count(a => a.ParentAccountId is not null) >= 50);
        Assert.Equal(2, accounts.Count(a => a.Tier == AccountTier.StrategicKeyAccount));
        Assert.True(accounts.Select(a => a.Currency).Distinct().Count() >= 5);
        Assert.True(accounts.Select(a => a.TimeZone).Distinct().Count() >= 8);
        var seniors = users.Where(u => u.Role == KeystoneRole.SeniorKam).Select(u => u.Id).ToHashSet();
        Assert.NotEmpty(seniors);
        Assert.All(users.Where(u => u.Role == KeystoneRole.JuniorKam), u => Assert.Contains(u.ManagerId!.Value, seniors));
        Assert.All(accounts, a => Assert.Contains(a.OwnerId, users.Where(u => u.Role.CanOwnAccounts()).Select(u => u.Id)));
    }

    [Fact]
    public void Invoice_amounts_are_the_converted_quantity_times_price_and_some_revenue_is_unattributed()
    {
        var lines = new ScaleData(Small).InvoiceLines().ToList();

        Assert.All(lines, l => Assert.Equal(Math.Round(l.Quantity * l.UnitPrice * l.ExchangeRate, 4, MidpointRounding.AwayFromZero), l.Amount));
        Assert.Contains(lines, l => l.AccountId is null);
        Assert.Contains(lines, l => l.Quantity < 0);
        Assert.True(lines.Select(l => l.Currency).Distinct().Count() >= 3);
    }
}
