namespace Keystone.Core.Users;

public sealed record UserDetails(
    Guid Id,
    string Email,
    string DisplayName,
    string Role,
    Guid? ManagerId,
    string? ManagerName,
    bool IsActive,
    bool MustChangePassword,
    DateTimeOffset CreatedAt,
    string Version);

/// <summary>A new or reset user with the password to hand over; it is shown once and never stored in clear.</summary>
public sealed record UserWithPassword(UserDetails User, string OneTimePassword);
