namespace Keystone.Core.Accounts;

/// <summary>The pure rules of account hierarchies: loops, trees and roll-ups.</summary>
public static class AccountHierarchy
{
    /// <summary>
    /// Whether making <paramref name="parentId"/> the parent of <paramref name="accountId"/> would
    /// close a loop: the account itself, or one of its subsidiaries at any depth, as parent.
    /// </summary>
    /// <param name="parents">Each account's current parent; accounts without one may be left out.</param>
    public static bool WouldLoop(Guid accountId, Guid parentId, IReadOnlyDictionary<Guid, Guid?> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        var seen = new HashSet<Guid>();
        Guid? cursor = parentId;
        while (cursor is { } current)
        {
            if (current == accountId)
            {
                return true;
            }
            // A loop already in the data (which these rules keep out) must not hang the check.
            if (!seen.Add(current))
            {
                return true;
            }
            cursor = parents.GetValueOrDefault(current);
        }
        return false;
    }

    /// <summary>
    /// The top of the group <paramref name="accountId"/> belongs to: its parent's parent and so on,
    /// as far as <paramref name="parents"/> reaches. Parents missing from the map end the climb, so a
    /// map of visible accounts only climbs through visible accounts only.
    /// </summary>
    public static Guid RootOf(Guid accountId, IReadOnlyDictionary<Guid, Guid?> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        var seen = new HashSet<Guid> { accountId };
        var current = accountId;
        while (parents.GetValueOrDefault(current) is { } parent && parents.ContainsKey(parent) && seen.Add(parent))
        {
            current = parent;
        }
        return current;
    }

    /// <summary>The accounts below <paramref name="rootId"/> at any depth, parents before their subsidiaries, each once.</summary>
    public static IReadOnlyList<Guid> Descendants(Guid rootId, ILookup<Guid, Guid> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var result = new List<Guid>();
        var seen = new HashSet<Guid> { rootId };
        var queue = new Queue<Guid>([rootId]);
        while (queue.Count > 0)
        {
            foreach (var child in children[queue.Dequeue()])
            {
                if (seen.Add(child))
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Each node's own counts plus those of every node below it. <paramref name="children"/> must
    /// describe a tree rooted at <paramref name="rootId"/>; the subsidiaries count is the number of
    /// nodes below.
    /// </summary>
    public static Dictionary<Guid, HierarchyCounts> RollUp(Guid rootId, ILookup<Guid, Guid> children, IReadOnlyDictionary<Guid, HierarchyCounts> own)
    {
        ArgumentNullException.ThrowIfNull(children);
        ArgumentNullException.ThrowIfNull(own);
        var result = new Dictionary<Guid, HierarchyCounts>();
        // Children before parents: reverse of the breadth-first order.
        var order = Descendants(rootId, children).Prepend(rootId).Reverse();
        foreach (var id in order)
        {
            var total = own.GetValueOrDefault(id) ?? HierarchyCounts.Zero;
            foreach (var child in children[id])
            {
                if (result.TryGetValue(child, out var below))
                {
                    total = total + below with { Subsidiaries = below.Subsidiaries + 1 };
                }
            }
            result[id] = total;
        }
        return result;
    }
}

/// <summary>What one account, or an account with its subsidiaries, holds that the viewer may see.</summary>
/// <param name="Revenue12Months">Net revenue of the trailing twelve months in the reporting currency.</param>
public sealed record HierarchyCounts(int Subsidiaries, int Contacts, int OpenTasks, int RecentActivities, decimal Revenue12Months)
{
    public static HierarchyCounts Zero { get; } = new(0, 0, 0, 0, 0m);

    public static HierarchyCounts operator +(HierarchyCounts left, HierarchyCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(
            left.Subsidiaries + right.Subsidiaries,
            left.Contacts + right.Contacts,
            left.OpenTasks + right.OpenTasks,
            left.RecentActivities + right.RecentActivities,
            left.Revenue12Months + right.Revenue12Months);
    }
}
