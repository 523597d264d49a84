using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Users;

public sealed record UserInput
{
    public Optional<string?> Email { get; init; }
    public Optional<string?> DisplayName { get; init; }
    public Optional<string?> Role { get; init; }

    /// <summary>The manager's id, or on the CLI their email.</summary>
    public Optional<string?> Manager { get; init; }
    public Optional<bool> IsActive { get; init; }
}

/// <summary>User administration: only administrators (and the system, from the CLI) may do it.</summary>
public static class SaveUser
{
    public static async Task<UserWithPassword> CreateAsync(KeystoneDbContext db, UserManager<KeystoneUser> users, UserInput input, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanManageUsers(), "Only an administrator can add users.");
        var user = new KeystoneUser { Id = Guid.CreateVersion7(), CreatedAt = db.Clock.GetUtcNow(), MustChangePassword = true };
        await ApplyAsync(db, user, input, isNew: true, ct);
        var password = OneTimePassword.Generate();
        var result = await users.CreateAsync(user, password);
        ThrowOnFailure(result);
        return new UserWithPassword(await ListUsers.GetAsync(db, user.Id, ct), password);
    }

    /// <summary>Changes a user if they are still as <paramref name="expectedVersion"/> (their concurrency stamp) says.</summary>
    public static async Task<UserDetails> UpdateAsync(
        KeystoneDbContext db, UserManager<KeystoneUser> users, Guid id, string? expectedVersion, UserInput input, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanManageUsers(), "Only an administrator can change users.");
        var user = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("User", id);
        if (expectedVersion is not null && expectedVersion != user.ConcurrencyStamp)
        {
            throw new ConcurrencyConflictException("User", id, user.ConcurrencyStamp);
        }
        if (input.IsActive.IsSet && !input.IsActive.Value && user.Id == db.Actor.UserId)
        {
            throw new ValidationException("isActive", "You cannot deactivate yourself; ask another administrator.");
        }
        await ApplyAsync(db, user, input, isNew: false, ct);
        var updated = await users.UpdateAsync(user);
        if (updated.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new ConcurrencyConflictException("User", id, null);
        }
        ThrowOnFailure(updated);
        if (input.IsActive.IsSet && !input.IsActive.Value)
        {
            // Ends cookie sessions at their next validation; tokens check IsActive on every call.
            await users.UpdateSecurityStampAsync(user);
        }
        return await ListUsers.GetAsync(db, id, ct);
    }

    public static async Task<UserWithPassword> ResetPasswordAsync(KeystoneDbContext db, UserManager<KeystoneUser> users, Guid id, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanManageUsers(), "Only an administrator can reset passwords.");
        var user = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("User", id);
        var password = OneTimePassword.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        ThrowOnFailure(await users.ResetPasswordAsync(user, token, password));
        user.MustChangePassword = true;
        ThrowOnFailure(await users.UpdateAsync(user));
        await users.SetLockoutEndDateAsync(user, null);
        return new UserWithPassword(await ListUsers.GetAsync(db, id, ct), password);
    }

    private static async Task ApplyAsync(KeystoneDbContext db, KeystoneUser user, UserInput input, bool isNew, CancellationToken ct)
    {
        var v = new Validator();
        if (isNew || input.Email.IsSet)
        {
            var email = v.Email("email", input.Email.GetValueOrDefault(null), required: true)?.ToLowerInvariant();
            if (email is not null)
            {
                var normalized = email.ToUpperInvariant();
                if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id, ct))
                {
                    v.Add("email", $"A user with email {email} exists already; pick another email or edit that user.");
                }
                user.Email = email;
                user.UserName = email;
            }
        }
        if (isNew || input.DisplayName.IsSet)
        {
            var fallback = user.Email?.Split('@')[0];
            user.DisplayName = v.Optional("displayName", input.DisplayName.GetValueOrDefault(null), 200, "Name") ?? fallback ?? user.DisplayName;
        }
        if (isNew || input.Role.IsSet)
        {
            var raw = input.Role.GetValueOrDefault(null);
            if (KeystoneRoles.TryParse(raw, out var role))
            {
                if (!isNew && user.Role.CanOwnAccounts() && !role.CanOwnAccounts() && await db.Accounts.IgnoreQueryFilters().AnyAsync(a => a.OwnerId == user.Id, ct))
                {
                    v.Add("role", $"{user.DisplayName} still owns accounts; hand them over before making them a {role.DisplayName().ToLowerInvariant()}.");
                }
                user.Role = role;
            }
            else
            {
                v.Add("role", $"'{raw}' is not a role; use one of {string.Join(", ", KeystoneRoles.All.Select(r => r.ToIdentifier()))}.");
            }
        }
        if (input.Manager.IsSet)
        {
            var raw = input.Manager.Value?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                user.ManagerId = null;
            }
            else
            {
                var normalized = raw.ToUpperInvariant();
                var manager = Guid.TryParse(raw, out var managerId)
                    ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == managerId, ct)
                    : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
                if (manager is null || !manager.IsActive)
                {
                    v.Add("manager", $"There is no active user '{raw}'; give the manager's email.");
                }
                else if (manager.Id == user.Id)
                {
                    v.Add("manager", "A user cannot manage themselves.");
                }
                else if (!manager.Role.CanOwnAccounts())
                {
                    v.Add("manager", $"{manager.DisplayName} is a {manager.Role.DisplayName().ToLowerInvariant()}; a manager must be a KAM, head of KAM or administrator.");
                }
                else if (await ManagesAsync(db, user.Id, manager.Id, ct))
                {
                    v.Add("manager", $"{manager.DisplayName} reports to {user.DisplayName} already; management cannot loop.");
                }
                else
                {
                    user.ManagerId = manager.Id;
                }
            }
        }
        if (input.IsActive.IsSet)
        {
            user.IsActive = input.IsActive.Value;
        }
        v.ThrowIfInvalid();
    }

    private static async Task<bool> ManagesAsync(KeystoneDbContext db, Guid managerId, Guid candidate, CancellationToken ct)
    {
        var links = await db.Users.AsNoTracking().Where(u => u.ManagerId != null).ToDictionaryAsync(u => u.Id, u => u.ManagerId, ct);
        Guid? cursor = candidate;
        var steps = 0;
        while (cursor is { } current && steps++ < 100_000)
        {
            if (current == managerId)
            {
                return true;
            }
            cursor = links.GetValueOrDefault(current);
        }
        return false;
    }

    private static void ThrowOnFailure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code.Contains("Password", StringComparison.Ordinal)) ? "password" : "email";
            throw new ValidationException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
