using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Keystone.Core.Demo;

/// <summary>One person of the demo KAM team; <see cref="Key"/> is how the rest of the demo data refers to them.</summary>
internal sealed record DemoUser(string Key, string DisplayName, KeystoneRole Role, string? ManagerKey = null)
{
    public string Email => $"{Key}@{DemoUsers.EmailDomain}";
}

/// <summary>The demo team: a head of KAM with two seniors, each managing two juniors, and the colleagues around them.</summary>
internal static class DemoUsers
{
    public const string EmailDomain = "demo.keystone.test";

    /// <summary>Managers come before the people they manage, so that each manager exists when a report is created.</summary>
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new("admin", "Ada Lindqvist", KeystoneRole.Administrator),
        new("head", "Helena Brandt", KeystoneRole.HeadOfKam),
        new("senior1", "Samuel Okafor", KeystoneRole.SeniorKam, "head"),
        new("senior2", "Sofia Marchetti", KeystoneRole.SeniorKam, "head"),
        new("junior1", "Jonas Weber", KeystoneRole.JuniorKam, "senior1"),
        new("junior2", "Léa Dubois", KeystoneRole.JuniorKam, "senior1"),
        new("junior3", "Kenji Watanabe", KeystoneRole.JuniorKam, "senior2"),
        new("junior4", "Emily Carter", KeystoneRole.JuniorKam, "senior2"),
        new("marketing", "Maya Fischer", KeystoneRole.Contributor),
        new("support", "Tomás Rivera", KeystoneRole.Contributor),
        new("executive", "Victoria Hayes", KeystoneRole.Viewer),
    ];

    /// <summary>
    /// Creates the demo users that are missing and gives every one of them a new password. The
    /// passwords change at every start, so nobody is asked to change them; a lockout or a
    /// deactivation from an earlier demo session is lifted.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, KeystoneUser> Users, IReadOnlyList<DemoLogin> Logins)> SeedAsync(
        Data.KeystoneDbContext db, UserManager<KeystoneUser> users, CancellationToken ct)
    {
        var byKey = new Dictionary<string, KeystoneUser>(StringComparer.Ordinal);
        var logins = new List<DemoLogin>();
        foreach (var demo in All)
        {
            ct.ThrowIfCancellationRequested();
            var password = OneTimePassword.Generate();
            var user = await users.FindByEmailAsync(demo.Email);
            if (user is null)
            {
                user = new KeystoneUser
                {
                    Id = Guid.CreateVersion7(),
                    Email = demo.Email,
                    UserName = demo.Email,
                    EmailConfirmed = true,
                    DisplayName = demo.DisplayName,
                    Role = demo.Role,
                    ManagerId = demo.ManagerKey is { } manager ? byKey[manager].Id : null,
                    CreatedAt = db.Clock.GetUtcNow(),
                };
                Check(await users.CreateAsync(user, password), demo.Email);
            }
            else
            {
                Check(await users.RemovePasswordAsync(user), demo.Email);
                Check(await users.AddPasswordAsync(user, password), demo.Email);
                user.MustChangePassword = false;
                user.IsActive = true;
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
                Check(await users.UpdateAsync(user), demo.Email);
            }
            byKey[demo.Key] = user;
            logins.Add(new DemoLogin(demo.Email, user.DisplayName, user.Role, password));
        }
        return (byKey, logins);
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The demo user {email} could not be saved: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
