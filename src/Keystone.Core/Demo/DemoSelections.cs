using Bogus;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Portfolio;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Demo;

/// <summary>
/// Selection-matrix scores, relationship stages and available three-year sales for the demo's key and
/// strategic key accounts, spread so that every quadrant holds some, each with an earlier position so
/// that the history shows a move. Scored by each account's owner under the shipped criteria.
/// </summary>
internal static class DemoSelections
{
    private const int Seed = 7_117;

    private static readonly Quadrant[] Targets = [Quadrant.Strategic, Quadrant.Star, Quadrant.Status, Quadrant.Streamline];

    public static Task<bool> ExistAsync(KeystoneDbContext db, IReadOnlyList<Guid> accountIds, CancellationToken ct) =>
        db.Set<AccountSelection>().IgnoreQueryFilters().AnyAsync(s => accountIds.Contains(s.AccountId), ct);

    public static async Task AddAsync(KeystoneDbContext db, IReadOnlyList<Account> stored, CancellationToken ct)
    {
        var options = SelectionMatrixOptions.Default;
        var random = new Randomizer(Seed);
        var now = db.Clock.GetUtcNow();
        var keyAccounts = stored.Where(a => a.Tier is AccountTier.StrategicKeyAccount or AccountTier.KeyAccount).ToList();
        for (var i = 0; i < keyAccounts.Count; i++)
        {
            var account = keyAccounts[i];
            var target = Targets[i % Targets.Length];
            var highAttractiveness = target is Quadrant.Strategic or Quadrant.Star;
            var highStrength = target is Quadrant.Strategic or Quadrant.Status;
            var earlierAt = now.AddDays(-random.Int(120, 200));
            var scoredAt = now.AddDays(-random.Int(5, 60));

            var current = Scores(options, random, highAttractiveness, highStrength);
            // Months ago the account stood lower on strength (or higher, where it is weak now): the history shows the move.
            var earlier = current.ToDictionary(
                s => s.Key,
                s => options.Criteria.First(c => c.Key == s.Key).Axis == SelectionAxis.Strength ? Math.Clamp(s.Value + (highStrength ? -3 : 2), 0, 10) : s.Value,
                StringComparer.Ordinal);
            var stage = Stage(random, highStrength);
            var earlierStage = stage == RelationshipStage.Exploratory ? stage : stage - 1;

            var first = Position(options, account, earlierAt, earlier, earlierStage, null);
            var second = Position(options, account, scoredAt, current, stage, earlier);
            db.Set<SelectionPosition>().AddRange(first, second);
            db.Set<SelectionScore>().AddRange(current.Select(s => new SelectionScore
            {
                AccountId = account.Id,
                Criterion = s.Key,
                Score = s.Value,
                Reason = Reason(options, s.Key, s.Value),
                ScoredById = account.OwnerId,
                ScoredAt = scoredAt,
            }));
            db.Set<AccountSelection>().Add(new AccountSelection
            {
                AccountId = account.Id,
                Stage = stage,
                AvailableSales = random.Int(highAttractiveness ? 40 : 8, highAttractiveness ? 160 : 40) * 50_000m,
                LatestPositionId = second.Id,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    // Scores whose weighted mean lands clearly on the intended side of the cut-off (about 7 or 3),
    // with a spread per criterion so that no two accounts look alike.
    private static Dictionary<string, int> Scores(SelectionMatrixOptions options, Randomizer random, bool highAttractiveness, bool highStrength)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var criterion in options.Criteria)
        {
            var high = criterion.Axis == SelectionAxis.Attractiveness ? highAttractiveness : highStrength;
            scores[criterion.Key] = Math.Clamp((high ? 7 : 3) + random.Int(-1, 1), 0, 10);
        }
        return scores;
    }

    private static RelationshipStage Stage(Randomizer random, bool highStrength) =>
        highStrength
            ? random.Bool() ? RelationshipStage.Interdependent : RelationshipStage.Integrated
            : random.Bool() ? RelationshipStage.Exploratory : RelationshipStage.Basic;

    private static SelectionPosition Position(
        SelectionMatrixOptions options, Account account, DateTimeOffset at, Dictionary<string, int> scores, RelationshipStage stage, Dictionary<string, int>? before)
    {
        var placement = SelectionMatrix.Place(options, scores, stage);
        var position = new SelectionPosition
        {
            AccountId = account.Id,
            At = at,
            ById = account.OwnerId,
            Stage = stage,
            Attractiveness = placement.Attractiveness,
            Strength = placement.Strength,
            Quadrant = placement.Position?.Quadrant,
            CutOff = options.CutOff,
        };
        foreach (var (key, score) in scores)
        {
            var old = before?.GetValueOrDefault(key);
            if (before is not null && old == score)
            {
                continue;
            }
            position.Changes.Add(new SelectionScoreChange
            {
                AccountId = account.Id,
                PositionId = position.Id,
                Criterion = key,
                OldScore = before is null ? null : old,
                NewScore = score,
                Reason = Reason(options, key, score),
            });
        }
        return position;
    }

    private static string Reason(SelectionMatrixOptions options, string key, int score)
    {
        var name = options.Criteria.First(c => c.Key == key).Name.ToLowerInvariant();
        return score switch
        {
            >= 8 => $"Clearly among the best on {name}, confirmed in the last account review.",
            >= 6 => $"Better than most on {name}; room to improve.",
            >= 4 => $"Average on {name}.",
            _ => $"Weak on {name}; see the account plan.",
        };
    }
}
