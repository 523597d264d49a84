using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities.Calendars;

/// <summary>A user's calendar feed without its secret: enough to tell whether it is in use.</summary>
public sealed record CalendarFeedDetails(Guid Id, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A new feed with its secret, which is in its URL: shown once, then only its hash is kept.</summary>
public sealed record NewCalendarFeed(CalendarFeedDetails Feed, string Secret);

/// <summary>
/// A person's own calendar subscription: each user manages only theirs. Creating a feed replaces
/// the one before, whose URL stops working at once, so a URL that leaked is cured by making a new one.
/// </summary>
public static class ManageCalendarFeed
{
    /// <summary>The path of a feed under the site's address; the secret is the only credential it needs.</summary>
    public static string PathOf(string secret) => $"calendar/{secret}.ics";

    public static async Task<CalendarFeedDetails> GetAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        var userId = db.Actor.RequireUserId();
        var feed = await db.CalendarFeedTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.RevokedAt == null)
            .OrderByDescending(t => t.CreatedAt)
            .FirstOrDefaultAsync(ct);
        return feed is null ? throw NoFeed(userId) : ToDetails(feed);
    }

    public static async Task<NewCalendarFeed> CreateAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        var userId = db.Actor.RequireUserId();
        var now = db.Clock.GetUtcNow();
        foreach (var old in await db.CalendarFeedTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(ct))
        {
            old.RevokedAt = now;
        }
        var secret = CalendarFeedToken.NewSecret();
        var feed = new CalendarFeedToken
        {
            UserId = userId,
            Hash = CalendarFeedToken.HashSecret(secret),
            Hint = secret[..10],
            CreatedAt = now,
        };
        db.CalendarFeedTokens.Add(feed);
        await db.SaveChangesAsync(ct);
        return new NewCalendarFeed(ToDetails(feed), secret);
    }

    /// <summary>Stops the feed: its URL answers 404 from now on.</summary>
    public static async Task RevokeAsync(KeystoneDbContext db, CancellationToken ct = default)
    {
        var userId = db.Actor.RequireUserId();
        var feeds = await db.CalendarFeedTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(ct);
        if (feeds.Count == 0)
        {
            throw NoFeed(userId);
        }
        var now = db.Clock.GetUtcNow();
        foreach (var feed in feeds)
        {
            feed.RevokedAt = now;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The user a feed secret belongs to, if it is the live feed of an active user who is not
    /// locked out; null otherwise (the caller answers 404 and says no more).
    /// </summary>
    public static async Task<Guid?> AuthenticateAsync(KeystoneDbContext db, string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(CalendarFeedToken.SecretPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }
        var hash = CalendarFeedToken.HashSecret(secret);
        var feed = await db.CalendarFeedTokens.SingleOrDefaultAsync(t => t.Hash == hash, ct);
        if (feed is null || feed.RevokedAt is not null)
        {
            return null;
        }
        var now = db.Clock.GetUtcNow();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == feed.UserId)
            .Select(u => new { u.IsActive, u.LockoutEnd }).SingleOrDefaultAsync(ct);
        if (user is null || !user.IsActive || user.LockoutEnd > now)
        {
            return null;
        }
        // Written at most once a minute: calendar apps poll, and a read should not become a write each time.
        if (feed.LastUsedAt is null || now - feed.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            feed.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return feed.UserId;
    }

    // "Calendar feed of user '…' was not found": the user has none; POST makes one.
    private static NotFoundException NoFeed(Guid userId) => new("Calendar feed of user", userId);

    private static CalendarFeedDetails ToDetails(CalendarFeedToken t) => new(t.Id, t.Hint, t.CreatedAt, t.LastUsedAt);
}
