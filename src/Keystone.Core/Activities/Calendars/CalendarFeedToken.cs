using System.Security.Cryptography;
using Keystone.Core.Tokens;

namespace Keystone.Core.Activities.Calendars;

/// <summary>
/// The secret in a user's calendar subscription URL. Only a SHA-256 hash of the secret is stored;
/// the URL is shown once. A user has at most one live feed: a new one replaces the old.
/// </summary>
public sealed class CalendarFeedToken
{
    public const string SecretPrefix = "kc_";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }

    /// <summary>Hex SHA-256 of the whole secret.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The first characters of the secret, so a person can tell URLs apart.</summary>
    public string Hint { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When a calendar app last fetched the feed.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive => RevokedAt is null;

    // Letters and digits only, so that the secret needs no escaping in a URL path.
    public static string NewSecret() => SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string HashSecret(string secret) => ApiToken.HashSecret(secret);
}
