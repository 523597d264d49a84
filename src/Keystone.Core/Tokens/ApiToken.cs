using System.Security.Cryptography;
using System.Text;

namespace Keystone.Core.Tokens;

/// <summary>A personal API token. Only a SHA-256 hash of the secret is stored; the secret is shown once.</summary>
public sealed class ApiToken
{
    public const string SecretPrefix = "ks_";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the whole secret.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The first characters of the secret, so a person can tell tokens apart.</summary>
    public string Hint { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? RevokedById { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public static string NewSecret() =>
        SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
