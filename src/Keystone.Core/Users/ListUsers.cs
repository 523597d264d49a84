using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Users;

public static class ListUsers
{
    /// <summary>Everyone who can sign in: colleagues are picked from this list as owners and team members.</summary>
    public static async Task<IReadOnlyList<UserDetails>> HandleAsync(KeystoneDbContext db, bool includeInactive = false, CancellationToken ct = default)
    {
        var users = await db.Users.AsNoTracking()
            .Where(u => includeInactive || u.IsActive)
            .OrderBy(u => u.DisplayName)
            .ToListAsync(ct);
        var names = users.ToDictionary(u => u.Id, u => u.DisplayName);
        return [.. users.Select(u => ToDetails(u, names))];
    }

    public static async Task<UserDetails> GetAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct)
            ?? throw new Common.NotFoundException("User", id);
        var managerName = user.ManagerId is { } m ? await db.Users.Where(u => u.Id == m).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        return ToDetails(user, managerName is null ? [] : new Dictionary<Guid, string> { [user.ManagerId!.Value] = managerName });
    }

    internal static UserDetails ToDetails(KeystoneUser u, IReadOnlyDictionary<Guid, string> names) => new(
        u.Id,
        u.Email ?? "",
        u.DisplayName,
        u.Role.ToIdentifier(),
        u.ManagerId,
        u.ManagerId is { } m ? names.GetValueOrDefault(m) : null,
        u.IsActive,
        u.MustChangePassword,
        u.CreatedAt,
        u.ConcurrencyStamp ?? "");
}
