using Keystone.Core.Relationships;
using Keystone.Web.Tests.Demo;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Relationships;

/// <summary>The demo's people carry stakeholder fields, so that its relationship maps raise real flags.</summary>
public sealed class DemoRelationshipMapTests(DemoPortfolioFixture fixture) : IClassFixture<DemoPortfolioFixture>
{
    [Theory, AllDatabases]
    public async Task Every_demo_person_has_a_buying_role_influence_and_attitude_and_owned_ones_a_strength(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var (contacts, accounts) = await host.AsSystemAsync(async (db, _) => (
            await db.Contacts.AsNoTracking().ToListAsync(),
            await db.Accounts.AsNoTracking().Include(a => a.TeamMembers).ToDictionaryAsync(a => a.Id)));

        Assert.All(contacts, c =>
        {
            Assert.NotNull(c.BuyingRole);
            Assert.InRange(c.Influence!.Value, 1, 5);
            Assert.NotNull(c.Attitude);
            Assert.Equal(c.RelationshipOwnerId is not null, c.RelationshipStrength is not null);
            if (c.RelationshipOwnerId is { } owner)
            {
                // Relationships are held by the people who work on the account.
                var account = accounts[c.AccountId];
                Assert.True(owner == account.OwnerId || account.TeamMembers.Any(m => m.UserId == owner), $"{c.FullName} is owned by someone on {account.Name}'s team.");
            }
        });
        Assert.All(Enum.GetValues<BuyingRole>(), role => Assert.Contains(contacts, c => c.BuyingRole == role));
        Assert.All(Enum.GetValues<Attitude>(), attitude => Assert.Contains(contacts, c => c.Attitude == attitude));
        Assert.Contains(contacts, c => c.RelationshipOwnerId is null);
        Assert.Contains(contacts, c => c.RelationshipOwnerId is not null);
    }

    [Theory, AllDatabases]
    public async Task The_demo_maps_show_unowned_decision_makers_a_missing_champion_and_single_threading(DatabaseKind kind)
    {
        var (host, _) = await fixture.SeededAsync(kind);

        var maps = await host.AsSystemAsync(async (db, _) =>
        {
            var ids = await db.Accounts.AsNoTracking().OrderBy(a => a.Name).Select(a => a.Id).ToListAsync();
            var result = new List<AccountRelationshipMap>();
            foreach (var id in ids)
            {
                result.Add(await RelationshipMap.HandleAsync(db, id));
            }
            return result;
        });

        var nodes = maps.ToDictionary(m => m, m => Flatten(m.Roots).ToList());
        Assert.Contains(maps, m => nodes[m].Any(n => n.BuyingRole == "decision-maker" && n.Flags.Any(f => f.Code == RelationshipMap.NoOwnerFlag)));
        Assert.Contains(maps, m => nodes[m].Any(n => n.BuyingRole == "decision-maker" && n.RelationshipOwner is not null));
        Assert.Contains(maps, m => m.Flags.Any(f => f.Code == RelationshipMap.NoChampionFlag));
        Assert.Contains(maps, m => m.Flags.All(f => f.Code != RelationshipMap.NoChampionFlag));
        Assert.Contains(maps, m => m.Flags.Any(f => f.Code == RelationshipMap.SingleThreadedFlag));
        // Org charts run at least three levels deep: a CEO, their reports, and theirs.
        Assert.Contains(maps, m => m.Roots.Any(r => r.Reports.Any(d => d.Reports.Count > 0)));
    }

    private static IEnumerable<StakeholderNode> Flatten(IEnumerable<StakeholderNode> nodes) =>
        nodes.SelectMany(n => Flatten(n.Reports).Prepend(n));
}
