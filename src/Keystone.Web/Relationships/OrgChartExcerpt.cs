using Keystone.Core.Relationships;

namespace Keystone.Web.Relationships;

/// <summary>
/// The top of a large org chart: the first <c>limit</c> people level by level (everyone's manager before
/// them, so what is shown is still a tree), and for each person shown how many below them are not.
/// An account page stays as quick to open for a client with hundreds of people as for one with five.
/// </summary>
public sealed class OrgChartExcerpt
{
    private readonly HashSet<Guid>? _shown;
    private readonly Dictionary<Guid, int> _size = [];

    public OrgChartExcerpt(IReadOnlyList<StakeholderNode> roots, int? limit)
    {
        ArgumentNullException.ThrowIfNull(roots);
        Total = roots.Sum(Count);
        if (limit is not { } max || Total <= max)
        {
            return;
        }
        _shown = [];
        var queue = new Queue<StakeholderNode>(roots);
        while (queue.Count > 0 && _shown.Count < max)
        {
            var person = queue.Dequeue();
            _shown.Add(person.Id);
            foreach (var report in person.Reports)
            {
                queue.Enqueue(report);
            }
        }
    }

    /// <summary>Everyone on the chart.</summary>
    public int Total { get; }

    /// <summary>How many are left out.</summary>
    public int Hidden => _shown is null ? 0 : Total - _shown.Count;

    public bool IsShown(StakeholderNode person) => _shown is null || _shown.Contains(person.Id);

    /// <summary>The people below <paramref name="person"/> who are left out, counting those below them.</summary>
    public int HiddenBelow(StakeholderNode person) =>
        _shown is null ? 0 : person.Reports.Where(r => !IsShown(r)).Sum(r => _size[r.Id]);

    private int Count(StakeholderNode person)
    {
        var size = 1 + person.Reports.Sum(Count);
        _size[person.Id] = size;
        return size;
    }
}
