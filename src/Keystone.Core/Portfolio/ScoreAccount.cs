using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Portfolio;

/// <summary>One criterion's new score with its reason; a null score clears it.</summary>
public sealed record ScoreInput(string? Criterion, int? Score, string? Reason);

/// <summary>
/// A change to an account's selection. Each field may be absent (left as it is); a criterion not listed
/// in <see cref="Scores"/> keeps its score.
/// </summary>
public sealed record SelectionInput
{
    /// <summary>exploratory, basic, cooperative, interdependent or integrated; null clears it.</summary>
    public Optional<string?> RelationshipStage { get; init; }

    /// <summary>What the account could buy from us over three years, in the reporting currency; null clears it.</summary>
    public Optional<decimal?> AvailableSales { get; init; }

    public Optional<IReadOnlyList<ScoreInput>?> Scores { get; init; }
}

/// <summary>
/// Scores an account in the selection matrix, sets its relationship stage and available sales. A change
/// of a score or of the stage keeps the old score with the new one (who, when, why) and a snapshot of the
/// position it leads to; the selection's version guards against two people scoring the same account at once.
/// </summary>
public static class ScoreAccount
{
    /// <summary>The largest available three-year sales accepted: beyond any real account, small enough for every database column.</summary>
    public const decimal MaxAvailableSales = 999_999_999_999_999m;

    /// <param name="expectedVersion">The version the change was based on (0 before the first change); null applies it whatever the version (<c>If-Match: *</c>).</param>
    /// <exception cref="NotFoundException">The account does not exist or is not visible.</exception>
    /// <exception cref="ForbiddenException">The actor may see but not score the account.</exception>
    /// <exception cref="ConcurrencyConflictException">Someone else changed the selection since <paramref name="expectedVersion"/>; nothing was saved.</exception>
    /// <exception cref="ValidationException">A field is invalid; each is named as in the API.</exception>
    public static async Task<AccountSelectionDetails> HandleAsync(
        KeystoneDbContext db, SelectionMatrixOptions options, RevenueOptions revenue, Guid accountId, int? expectedVersion, SelectionInput input,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(input);
        var account = await db.Accounts.Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new NotFoundException("Account", accountId);
        AccessRules.Demand(db.Actor.CanScore(account), "You can see this account but not score it; its owner, their manager or the head of KAM can.");

        var selection = await db.Set<AccountSelection>().SingleOrDefaultAsync(s => s.AccountId == accountId, ct);
        var current = selection?.Version ?? 0;
        if (expectedVersion is { } expected && expected != current)
        {
            throw new ConcurrencyConflictException("Selection of account", accountId, current);
        }

        var (stage, sales, scores) = Validate(options, input);
        var isNew = selection is null;
        selection ??= db.Set<AccountSelection>().Add(new AccountSelection { AccountId = accountId }).Entity;
        var stageChanged = false;
        if (stage.IsSet && selection.Stage != stage.Value)
        {
            selection.Stage = stage.Value;
            stageChanged = true;
        }
        if (sales.IsSet)
        {
            selection.AvailableSales = sales.Value;
        }

        var now = db.Clock.GetUtcNow();
        var stored = await db.Set<SelectionScore>().Where(s => s.AccountId == accountId).ToDictionaryAsync(s => s.Criterion, StringComparer.Ordinal, ct);
        var changes = new List<SelectionScoreChange>();
        foreach (var (key, score, reason) in scores)
        {
            var existing = stored.GetValueOrDefault(key);
            if (score is null)
            {
                if (existing is not null)
                {
                    db.Set<SelectionScore>().Remove(existing);
                    stored.Remove(key);
                    changes.Add(new SelectionScoreChange { AccountId = accountId, Criterion = key, OldScore = existing.Score, NewScore = null, Reason = reason });
                }
                continue;
            }
            if (existing is not null && existing.Score == score && existing.Reason == reason)
            {
                continue;
            }
            changes.Add(new SelectionScoreChange { AccountId = accountId, Criterion = key, OldScore = existing?.Score, NewScore = score, Reason = reason });
            if (existing is null)
            {
                existing = new SelectionScore { AccountId = accountId, Criterion = key };
                db.Set<SelectionScore>().Add(existing);
                stored[key] = existing;
            }
            existing.Score = score.Value;
            existing.Reason = reason!;
            existing.ScoredById = db.Actor.UserId;
            existing.ScoredAt = now;
        }

        if (stageChanged || changes.Count > 0)
        {
            var placement = SelectionMatrix.Place(options, stored.ToDictionary(s => s.Key, s => s.Value.Score, StringComparer.Ordinal), selection.Stage);
            var position = new SelectionPosition
            {
                AccountId = accountId,
                At = now,
                ById = db.Actor.UserId,
                Stage = selection.Stage,
                Attractiveness = placement.Attractiveness,
                Strength = placement.Strength,
                Quadrant = placement.Position?.Quadrant,
                CutOff = options.CutOff,
                Changes = changes,
            };
            foreach (var change in changes)
            {
                change.PositionId = position.Id;
            }
            db.Set<SelectionPosition>().Add(position);
            selection.LatestPositionId = position.Id;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || isNew)
        {
            // A concurrency token that no longer matches, or a first selection that another writer created meanwhile (its unique account id).
            db.ChangeTracker.Clear();
            var now2 = await db.Set<AccountSelection>().AsNoTracking().Where(s => s.AccountId == accountId).Select(s => (int?)s.Version).SingleOrDefaultAsync(ct);
            throw new ConcurrencyConflictException("Selection of account", accountId, now2 ?? -1);
        }
        db.ChangeTracker.Clear();
        return await AccountSelectionDetails.LoadAsync(db, options, revenue, accountId, ct);
    }

    private static (Optional<RelationshipStage?> Stage, Optional<decimal?> Sales, List<(string Key, int? Score, string? Reason)> Scores) Validate(
        SelectionMatrixOptions options, SelectionInput input)
    {
        var v = new Validator();
        Optional<RelationshipStage?> stage = default;
        if (input.RelationshipStage.IsSet)
        {
            if (string.IsNullOrWhiteSpace(input.RelationshipStage.Value))
            {
                stage = new Optional<RelationshipStage?>(null);
            }
            else if (RelationshipStages.TryParse(input.RelationshipStage.Value, out var parsed))
            {
                stage = parsed;
            }
            else
            {
                v.Add("relationshipStage", $"'{input.RelationshipStage.Value}' is not a relationship stage; use one of {RelationshipStages.Choices}, or null.");
            }
        }
        if (input.AvailableSales.IsSet && input.AvailableSales.Value is { } amount)
        {
            if (amount < 0 || amount > MaxAvailableSales)
            {
                v.Add("availableSales", $"{amount} is out of range; give the sales the account could place with us over three years, from 0 up to {MaxAvailableSales:0}, in the reporting currency.");
            }
            else if (decimal.Round(amount, 4) != amount)
            {
                v.Add("availableSales", $"{amount} has more than four decimals; round it to the currency's minor unit.");
            }
        }
        var scores = new List<(string, int?, string?)>();
        if (input.Scores.IsSet && input.Scores.Value is { } list)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var (key, score, reason) = list[i];
                var at = $"scores[{i}]";
                var criterion = options.Find(key);
                if (criterion is null)
                {
                    var why = options.StrengthFrom == StrengthSource.RelationshipStage && options.Criteria.Any(c => string.Equals(c.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase))
                        ? "relative strength comes from the relationship stage, so its criteria are not scored"
                        : "it is not a criterion of the matrix";
                    v.Add($"{at}.criterion", $"'{key}' cannot be scored: {why}; use one of {string.Join(", ", options.ScoredCriteria.Select(c => c.Key))}.");
                    continue;
                }
                if (!seen.Add(criterion.Key))
                {
                    v.Add($"{at}.criterion", $"'{criterion.Key}' is listed twice; give each criterion once.");
                    continue;
                }
                if (score is < SelectionMatrix.MinScore or > SelectionMatrix.MaxScore)
                {
                    v.Add($"{at}.score", $"{score} is out of range; score {criterion.Name} from 0 (worst) to 10 (best), or null to clear it.");
                }
                var text = reason?.Trim();
                if (score is not null && string.IsNullOrEmpty(text))
                {
                    v.Add($"{at}.reason", $"Say why {criterion.Name} scores {score}: the reason is kept with the score.");
                }
                else if (text?.Length > SelectionLimits.ReasonLength)
                {
                    v.Add($"{at}.reason", $"The reason is {text.Length} characters long; shorten it to at most {SelectionLimits.ReasonLength}.");
                }
                scores.Add((criterion.Key, score, string.IsNullOrEmpty(text) ? null : text));
            }
        }
        v.ThrowIfInvalid();
        return (stage, input.AvailableSales.IsSet ? input.AvailableSales : default, scores);
    }
}
