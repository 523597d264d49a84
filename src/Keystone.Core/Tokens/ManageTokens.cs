using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Tokens;

public sealed record TokenDetails(
    Guid Id,
    Guid UserId,
    string Name,
    string Hint,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt,
    bool IsActive);

/// <summary>A new token with its secret: shown once, then only its hash is kept.</summary>
public sealed record NewToken(TokenDetails Token, string Secret);

public static class ManageTokens
{
    public const int DefaultDays = 90;
    public const int MaxDays = 365;

    /// <summary>Creates a token for <paramref name="userId"/>: one's own, or anyone's for an administrator.</summary>
    public static async Task<NewToken> CreateAsync(KeystoneDbContext db, Guid userId, string? name, int? expiresInDays, CancellationToken ct = default)
    {
        var actor = db.Actor;
        AccessRules.Demand(actor.UserId == userId || actor.CanRevokeAnyToken(), "You can create tokens only for yourself.");
        var v = new Validator();
        var tokenName = v.Required("name", name, 100, "Token name");
        var days = expiresInDays ?? DefaultDays;
        if (days is < 1 or > MaxDays)
        {
            v.Add("expiresInDays", $"A token lives 1 to {MaxDays} days; {days} is out of range.");
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || !user.IsActive)
        {
            throw new NotFoundException("User", userId);
        }
        v.ThrowIfInvalid();

        var now = db.Clock.GetUtcNow();
        var secret = ApiToken.NewSecret();
        var token = new ApiToken
        {
            UserId = userId,
            Name = tokenName!,
            Hash = ApiToken.HashSecret(secret),
            Hint = secret[..10],
            CreatedAt = now,
            ExpiresAt = now.AddDays(days),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new NewToken(ToDetails(token, now), secret);
    }

    /// <summary>Tokens of a user; an administrator may list anyone's, everyone else only their own.</summary>
    public static async Task<IReadOnlyList<TokenDetails>> ListAsync(KeystoneDbContext db, Guid? userId, CancellationToken ct = default)
    {
        var actor = db.Actor;
        var owner = userId ?? actor.RequireUserId();
        AccessRules.Demand(owner == actor.UserId || actor.CanRevokeAnyToken(), "You can list only your own tokens.");
        var now = db.Clock.GetUtcNow();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == owner).ToListAsync(ct);
        return [.. tokens.OrderByDescending(t => t.CreatedAt).Select(t => ToDetails(t, now))];
    }

    public static async Task RevokeAsync(KeystoneDbContext db, Guid tokenId, CancellationToken ct = default)
    {
        var actor = db.Actor;
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId, ct);
        // Someone else's token is answered as not found: its existence is not theirs to learn.
        if (token is null || (token.UserId != actor.UserId && !actor.CanRevokeAnyToken()))
        {
            throw new NotFoundException("Token", tokenId);
        }
        if (token.RevokedAt is null)
        {
            token.RevokedAt = db.Clock.GetUtcNow();
            token.RevokedById = actor.UserId;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The user a bearer secret belongs to, if it is a live token of an active user.</summary>
    public static async Task<Guid?> AuthenticateAsync(KeystoneDbContext db, string secret, CancellationToken ct = default) =>
        IsWellFormed(secret) ? (await AuthenticateHashAsync(db, ApiToken.HashSecret(secret), ct))?.UserId : null;

    /// <summary>Whether a bearer secret could be a token at all; anything else is refused without a hash or a read.</summary>
    public static bool IsWellFormed(string secret) =>
        secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal) && secret.Length <= 200;

    /// <summary>
    /// The token with this hash, if it is live and its user active, read from the database (two queries,
    /// and a write of its use at most once a minute). <see cref="AccessCache"/> keeps the answer for API requests.
    /// </summary>
    public static async Task<TokenGrant?> AuthenticateHashAsync(KeystoneDbContext db, string hash, CancellationToken ct = default)
    {
        var now = db.Clock.GetUtcNow();
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Hash == hash, ct);
        if (token is null || !token.IsActiveAt(now))
        {
            return null;
        }
        var active = await db.Users.AnyAsync(u => u.Id == token.UserId && u.IsActive, ct);
        if (!active)
        {
            return null;
        }
        // Written at most once a minute so that a busy client does not turn every read into a write.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return new TokenGrant(token.Id, token.UserId, token.ExpiresAt);
    }

    private static TokenDetails ToDetails(ApiToken t, DateTimeOffset now) =>
        new(t.Id, t.UserId, t.Name, t.Hint, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsActiveAt(now));
}
