using Bogus;
using Keystone.Core.Contacts;
using Keystone.Core.Relationships;

namespace Keystone.Core.Demo;

/// <summary>
/// Who is who in each demo account's buying decisions: buying roles, influence, attitude, and the
/// colleague who holds each relationship. Chosen so that the relationship maps have something to
/// say: at some accounts a decision maker has no owner on our side, some accounts have no champion,
/// and the org charts (<see cref="DemoContacts"/>) give the reporting lines.
/// </summary>
/// <remarks>Draws from its own seeded randomizer, after the people are made, so that it changes no name, email or phone.</remarks>
internal static class DemoStakeholders
{
    private const int Seed = 9_241;

    /// <summary>The part each position of the org chart plays, and how much its word weighs (1 to 5), by the position's index.</summary>
    private static readonly (BuyingRole Role, int Influence)[] Parts =
    [
        (BuyingRole.DecisionMaker, 5),  // CEO
        (BuyingRole.EconomicBuyer, 5),  // CFO
        (BuyingRole.Gatekeeper, 4),     // Head of Procurement
        (BuyingRole.DecisionMaker, 4),  // COO
        (BuyingRole.TechnicalBuyer, 4), // CIO
        (BuyingRole.TechnicalBuyer, 3), // IT Director
        (BuyingRole.Influencer, 3),     // Senior Buyer
        (BuyingRole.Champion, 3),       // Head of Operations
        (BuyingRole.Influencer, 2),     // Financial Controller
        (BuyingRole.Influencer, 3),     // Category Manager
        (BuyingRole.Gatekeeper, 2),     // Executive Assistant
        (BuyingRole.User, 2),           // IT Project Manager
        (BuyingRole.User, 2),           // Logistics Manager
        (BuyingRole.Blocker, 3),        // Quality Manager
        (BuyingRole.User, 1),           // Buyer
        (BuyingRole.Influencer, 3),     // General Counsel
        (BuyingRole.User, 1),           // Accounts Payable Lead
        (BuyingRole.User, 1),           // Procurement Specialist
    ];

    /// <summary>Fills in the stakeholder fields of every account's people, given in org-chart order per account.</summary>
    public static void Assign(IReadOnlyList<DemoAccount> accounts, IReadOnlyList<Contact> contacts)
    {
        var random = new Randomizer(Seed);
        var byAccount = contacts.ToLookup(c => c.AccountId);
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i].Account;
            var people = byAccount[account.Id].ToList();
            var colleagues = account.TeamMembers.Select(m => m.UserId).Prepend(account.OwnerId).Distinct().ToArray();

            // A small account's champion is whoever of its people sells for us; every fourth account has none.
            var hasChampion = i % 4 != 1;
            var championAt = people.Count > 7 ? 7 : people.Count > 1 ? random.Number(1, people.Count - 1) : -1;

            for (var p = 0; p < people.Count; p++)
            {
                var contact = people[p];
                var (role, influence) = Parts[p];
                if (p == championAt)
                {
                    role = BuyingRole.Champion;
                }
                if (role == BuyingRole.Champion && !hasChampion)
                {
                    role = BuyingRole.Influencer;
                }
                contact.BuyingRole = role;
                contact.Influence = Math.Clamp(influence + random.Number(-1, 1) * (p == 0 ? 0 : 1), 1, 5);
                contact.Attitude = role switch
                {
                    BuyingRole.Champion => Attitude.Supporter,
                    BuyingRole.Blocker => Attitude.Opponent,
                    _ => random.WeightedRandom([Attitude.Supporter, Attitude.Neutral, Attitude.Opponent], [0.4f, 0.45f, 0.15f]),
                };
                contact.RelationshipOwnerId = Owner(random, i, p, role, account.OwnerId, colleagues);
                contact.RelationshipStrength = contact.RelationshipOwnerId is null ? null
                    : role == BuyingRole.Champion ? random.Number(4, 5) : random.Number(1, 5);
            }
        }
    }

    /// <summary>
    /// The account's owner holds the top relationships, except at every third account, where nobody on
    /// our side knows the CEO, and at every other account, where nobody knows the COO; the others are
    /// known now and then, to the owner or a colleague on the team.
    /// </summary>
    private static Guid? Owner(Randomizer random, int accountIndex, int position, BuyingRole role, Guid owner, Guid[] colleagues) => position switch
    {
        0 => accountIndex % 3 == 2 ? null : owner,
        3 => accountIndex % 2 == 1 ? null : owner,
        _ when role == BuyingRole.Champion => owner,
        _ => random.Bool(0.55f) ? random.ArrayElement(colleagues) : null,
    };
}
