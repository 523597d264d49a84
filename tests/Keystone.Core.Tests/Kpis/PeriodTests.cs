using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2011-03", PeriodGranularity.Month, "2011-03-01", "2011-03-31")]
    [InlineData("2011-12", PeriodGranularity.Month, "2011-12-01", "2011-12-31")]
    [InlineData("2012-02", PeriodGranularity.Month, "2012-02-01", "2012-02-29")]
    [InlineData("2011-Q1", PeriodGranularity.Quarter, "2011-01-01", "2011-03-31")]
    [InlineData("2011-Q4", PeriodGranularity.Quarter, "2011-10-01", "2011-12-31")]
    [InlineData("2011", PeriodGranularity.Year, "2011-01-01", "2011-12-31")]
    [InlineData("0001-01", PeriodGranularity.Month, "0001-01-01", "0001-01-31")]
    [InlineData("9999", PeriodGranularity.Year, "9999-01-01", "9999-12-31")]
    public void Parses_and_formats_the_three_forms_as_a_round_trip(string text, PeriodGranularity granularity, string start, string lastDay)
    {
        var period = Period.Parse(text);

        Assert.Equal(granularity, period.Granularity);
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(lastDay), period.LastDay);
        Assert.Equal(text, period.ToString());
        Assert.Equal(period, Period.Parse(period.ToString()));
        Assert.Equal(text, $"{period}");
        Assert.True(period.Contains(period.Start));
        Assert.True(period.Contains(period.LastDay));
    }

    [Fact]
    public void Factories_make_the_periods_their_text_names()
    {
        Assert.Equal("2011-03", Period.OfMonth(2011, 3).ToString());
        Assert.Equal("2011-Q2", Period.OfQuarter(2011, 2).ToString());
        Assert.Equal("2011", Period.OfYear(2011).ToString());
        Assert.Equal(Period.OfQuarter(2011, 1), Period.Parse("2011-q1"));
        Assert.Equal("0001-01", default(Period).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("11-03")]
    [InlineData("2011-3")]
    [InlineData("2011-13")]
    [InlineData("2011-00")]
    [InlineData("2011-Q0")]
    [InlineData("2011-Q5")]
    [InlineData("2011-Q12")]
    [InlineData("2011/03")]
    [InlineData(" 2011")]
    [InlineData("2011-03 ")]
    [InlineData("0000")]
    [InlineData("+201")]
    [InlineData("2011-03-01")]
    [InlineData("2011-H1")]
    public void Refuses_anything_but_the_three_forms(string text)
    {
        Assert.False(Period.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => Period.Parse(text));
        Assert.Contains("2011-Q1", error.Message);
    }

    [Fact]
    public void TryFormat_writes_into_a_span_and_refuses_one_too_short()
    {
        Span<char> buffer = stackalloc char[7];
        Assert.True(Period.OfQuarter(2011, 3).TryFormat(buffer, out var written));
        Assert.Equal("2011-Q3", buffer[..written].ToString());
        Assert.False(Period.OfMonth(2011, 3).TryFormat(buffer[..6], out written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("2011-03-31", PeriodGranularity.Month, "2011-03")]
    [InlineData("2011-03-01", PeriodGranularity.Month, "2011-03")]
    [InlineData("2011-03-31", PeriodGranularity.Quarter, "2011-Q1")]
    [InlineData("2011-04-01", PeriodGranularity.Quarter, "2011-Q2")]
    [InlineData("2011-09-30", PeriodGranularity.Quarter, "2011-Q3")]
    [InlineData("2011-12-31", PeriodGranularity.Quarter, "2011-Q4")]
    [InlineData("2011-12-31", PeriodGranularity.Year, "2011")]
    public void For_finds_the_period_holding_a_date(string date, PeriodGranularity granularity, string expected)
    {
        var period = Period.For(DateOnly.Parse(date), granularity);

        Assert.Equal(expected, period.ToString());
        Assert.True(period.Contains(DateOnly.Parse(date)));
    }

    [Fact]
    public void Contains_is_start_inclusive_end_exclusive()
    {
        var march = Period.OfMonth(2011, 3);

        Assert.False(march.Contains(new DateOnly(2011, 2, 28)));
        Assert.True(march.Contains(new DateOnly(2011, 3, 1)));
        Assert.True(march.Contains(new DateOnly(2011, 3, 31)));
        Assert.False(march.Contains(new DateOnly(2011, 4, 1)));
        Assert.Equal(new DateOnly(2011, 4, 1), march.End);
    }

    [Theory]
    [InlineData("2011-01", "2010-12", "2011-02")]
    [InlineData("2011-12", "2011-11", "2012-01")]
    [InlineData("2011-Q1", "2010-Q4", "2011-Q2")]
    [InlineData("2011-Q4", "2011-Q3", "2012-Q1")]
    [InlineData("2011", "2010", "2012")]
    public void Previous_and_next_are_the_neighbours_of_the_same_length(string text, string previous, string next)
    {
        var period = Period.Parse(text);

        Assert.Equal(previous, period.Previous().ToString());
        Assert.Equal(next, period.Next().ToString());
        Assert.Equal(period, period.Previous().Next());
        Assert.Equal(period.Start, period.Previous().End);
    }

    [Fact]
    public void Range_holds_both_ends_in_order()
    {
        Assert.Equal(
            ["2010-11", "2010-12", "2011-01", "2011-02"],
            Period.Range(Period.Parse("2010-11"), Period.Parse("2011-02")).Select(p => p.ToString()));
        Assert.Equal(
            ["2010-Q4", "2011-Q1", "2011-Q2"],
            Period.Range(Period.Parse("2010-Q4"), Period.Parse("2011-Q2")).Select(p => p.ToString()));
        Assert.Equal(["2011"], Period.Range(Period.OfYear(2011), Period.OfYear(2011)).Select(p => p.ToString()));
    }

    [Fact]
    public void Range_refuses_mixed_lengths_and_a_reversed_range()
    {
        Assert.Throws<ArgumentException>(() => Period.Range(Period.OfMonth(2011, 1), Period.OfQuarter(2011, 1)));
        var error = Assert.Throws<ArgumentException>(() => Period.Range(Period.OfMonth(2011, 3), Period.OfMonth(2011, 1)));
        Assert.Contains("before it starts", error.Message);
    }

    [Fact]
    public void Trailing_gives_the_last_n_periods_oldest_first()
    {
        var trailing = Period.OfMonth(2011, 3).Trailing(12);

        Assert.Equal(12, trailing.Length);
        Assert.Equal("2010-04", trailing[0].ToString());
        Assert.Equal("2011-03", trailing[^1].ToString());
        Assert.Equal(["2010-Q4", "2011-Q1"], Period.OfQuarter(2011, 1).Trailing(2).Select(p => p.ToString()));
        Assert.Empty(Period.OfYear(2011).Trailing(0));
    }

    [Fact]
    public void Periods_sort_by_start()
    {
        var periods = new[] { Period.Parse("2011-03"), Period.Parse("2010-12"), Period.Parse("2011-01") };
        Array.Sort(periods);

        Assert.Equal(["2010-12", "2011-01", "2011-03"], periods.Select(p => p.ToString()));
        Assert.True(Period.Parse("2011-01") < Period.Parse("2011-02"));
        Assert.True(Period.Parse("2011-01") < Period.Parse("2011-Q1"));
    }
}
