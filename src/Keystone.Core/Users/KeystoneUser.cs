using Microsoft.AspNetCore.Identity;

namespace Keystone.Core.Users;

/// <summary>A person who signs in to Keystone: a KAM, a colleague on an account team, an executive or an administrator.</summary>
public sealed class KeystoneUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public KeystoneRole Role { get; set; }

    /// <summary>The user's manager: a senior KAM manages juniors and sees their accounts.</summary>
    public Guid? ManagerId { get; set; }

    /// <summary>Set when a password was issued by someone else; the user must choose their own at next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Deactivated users cannot sign in nor use tokens; their records stay.</summary>
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
