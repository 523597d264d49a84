using System.Runtime.CompilerServices;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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
        var row = await UserWithManager(db, id, ct) ?? throw new Common.NotFoundException("User", id);
        var user = row.User;
        return ToDetails(user, row.ManagerName is null ? [] : new Dictionary<Guid, string> { [user.ManagerId!.Value] = row.ManagerName });
    }

    // One round trip for the user and their manager's name (GET /api/v1/me runs it on every call); compiled
    // once per model (SQLite and PostgreSQL differ), so EF Core neither walks nor looks up the expression per call.
    private static readonly ConditionalWeakTable<IModel, Func<KeystoneDbContext, Guid, CancellationToken, Task<UserRow?>>> CompiledUserWithManager = [];

    private static Task<UserRow?> UserWithManager(KeystoneDbContext db, Guid id, CancellationToken ct) =>
        CompiledUserWithManager.GetValue(db.Model, _ => EF.CompileAsyncQuery((KeystoneDbContext context, Guid userId, CancellationToken token) => context.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new UserRow
            {
                User = u,
                ManagerName = context.Users.Where(m => m.Id == u.ManagerId).Select(m => m.DisplayName).FirstOrDefault(),
            })
            .SingleOrDefault()))(db, id, ct);

    private sealed class UserRow
    {
        public required KeystoneUser User { get; init; }

        public string? ManagerName { get; init; }
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
