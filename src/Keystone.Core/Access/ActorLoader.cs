using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Access;

public static class ActorLoader
{
    /// <summary>
    /// Builds the actor of a user: their role from the database (not from a possibly stale cookie)
    /// and everyone below them in the management tree. Null when the user is gone or deactivated.
    /// </summary>
    public static async Task<Actor?> LoadAsync(KeystoneDbContext db, Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Role, u.IsActive })
            .SingleOrDefaultAsync(ct);
        if (user is null || !user.IsActive)
        {
            return null;
        }

        var managers = await db.Users.AsNoTracking()
            .Where(u => u.ManagerId != null)
            .Select(u => new { u.Id, ManagerId = u.ManagerId!.Value })
            .ToListAsync(ct);
        var byManager = managers.ToLookup(m => m.ManagerId, m => m.Id);
        return Actor.ForUser(user.Id, user.Role, Managed(userId, byManager));
    }

    /// <summary>Everyone below <paramref name="userId"/> in the management tree given as reports by manager.</summary>
    public static HashSet<Guid> Managed(Guid userId, ILookup<Guid, Guid> byManager)
    {
        ArgumentNullException.ThrowIfNull(byManager);
        var managed = new HashSet<Guid>();
        var queue = new Queue<Guid>([userId]);
        while (queue.Count > 0)
        {
            foreach (var report in byManager[queue.Dequeue()])
            {
                if (report != userId && managed.Add(report))
                {
                    queue.Enqueue(report);
                }
            }
        }
        return managed;
    }
}
