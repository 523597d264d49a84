using Keystone.Core.Relationships;
using Keystone.Web.Relationships;

namespace Keystone.Web.Tests.Relationships;

public sealed class OrgChartExcerptTests
{
    private static StakeholderNode Person(string name, params StakeholderNode[] reports) =>
        new(Guid.NewGuid(), name, null, null, null, null, null, null, null, null, [], reports);

    [Fact]
    public void A_chart_within_the_limit_is_shown_whole()
    {
        var chart = new[] { Person("A", Person("B"), Person("C")) };

        var excerpt = new OrgChartExcerpt(chart, 3);

        Assert.Equal(3, excerpt.Total);
        Assert.Equal(0, excerpt.Hidden);
        Assert.True(excerpt.IsShown(chart[0].Reports[1]));
        Assert.Equal(0, excerpt.HiddenBelow(chart[0]));
    }

    [Fact]
    public void A_larger_chart_shows_whole_levels_first_across_every_root()
    {
        // Two roots; the second level of both comes before anyone on the third.
        var deep = Person("A2", Person("A21"), Person("A22", Person("A221")));
        var first = Person("A", Person("A1"), deep);
        var second = Person("B", Person("B1", Person("B11")));
        var excerpt = new OrgChartExcerpt([first, second], 5);

        Assert.Equal(9, excerpt.Total);
        Assert.Equal(4, excerpt.Hidden);
        Assert.All(new[] { first, second, first.Reports[0], deep, second.Reports[0] }, p => Assert.True(excerpt.IsShown(p)));
        Assert.False(excerpt.IsShown(deep.Reports[0]));
        Assert.Equal(3, excerpt.HiddenBelow(deep));
        Assert.Equal(1, excerpt.HiddenBelow(second.Reports[0]));
        Assert.Equal(0, excerpt.HiddenBelow(first));
    }

    [Fact]
    public void Without_a_limit_everyone_is_shown()
    {
        var chart = new[] { Person("A", Enumerable.Range(0, 300).Select(i => Person($"R{i}")).ToArray()) };

        var excerpt = new OrgChartExcerpt(chart, null);

        Assert.Equal(301, excerpt.Total);
        Assert.Equal(0, excerpt.Hidden);
        Assert.True(excerpt.IsShown(chart[0].Reports[299]));
    }
}
