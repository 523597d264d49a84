using Keystone.Core.Users;

namespace Keystone.Core.Access;

/// <summary>
/// Who is acting, resolved once per request or circuit. Every read and write in Keystone is
/// filtered and checked against it: query filters in <see cref="Data.KeystoneDbContext"/> and
/// the checks in <see cref="AccessRules"/>.
/// </summary>
public sealed class Actor
{
    private readonly Guid[] _visibleUserIds;

    private Actor(Guid? userId, KeystoneRole role, Guid[] visibleUserIds, bool isSystem)
    {
        UserId = userId;
        Role = role;
        _visibleUserIds = visibleUserIds;
        VisibleUserIds = Array.AsReadOnly(visibleUserIds);
        IsSystem = isSystem;
    }

    /// <summary>The signed-in user; null only for the system actor (migrations, seeding, the CLI's admin commands).</summary>
    public Guid? UserId { get; }

    public KeystoneRole Role { get; }

    /// <summary>The user and everyone they manage, directly or through others: their accounts are visible.</summary>
    public IReadOnlyList<Guid> VisibleUserIds { get; }

    /// <summary>
    /// The same ids as one array for the query filters, built once per actor instead of once per query;
    /// never handed out of Keystone.Core, never written.
    /// </summary>
    internal Guid[] VisibleUserIdArray => _visibleUserIds;

    public bool IsSystem { get; }

    /// <summary>Sees every account: administrators, the head of KAM, read-only executives and the system.</summary>
    public bool SeesAll => IsSystem || Role is KeystoneRole.Administrator or KeystoneRole.HeadOfKam or KeystoneRole.Viewer;

    public bool IsReadOnly => !IsSystem && Role == KeystoneRole.Viewer;

    public Guid RequireUserId() => UserId ?? throw new InvalidOperationException("This operation needs a signed-in user.");

    public static Actor System { get; } = new(null, KeystoneRole.Administrator, [], isSystem: true);

    public static Actor ForUser(Guid userId, KeystoneRole role, IEnumerable<Guid> managedUserIds) =>
        new(userId, role, [userId, .. managedUserIds.Where(id => id != userId).Distinct()], isSystem: false);
}

/// <summary>Holds the actor of the current scope. Reading it before it is set fails: no query runs unfiltered by accident.</summary>
public interface ICurrentActor
{
    Actor Actor { get; }
}

public sealed class CurrentActor : ICurrentActor
{
    private Actor? _actor;

    public CurrentActor()
    {
    }

    public CurrentActor(Actor actor) => _actor = actor;

    public Actor Actor => _actor ?? throw new InvalidOperationException("No user is signed in for this operation.");

    public bool IsSet => _actor is not null;

    public void Set(Actor actor) => _actor = actor;
}
