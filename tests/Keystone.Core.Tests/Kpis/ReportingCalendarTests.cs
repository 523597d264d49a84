using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

public sealed class ReportingCalendarTests
{
    [Fact]
    public void An_evening_invoice_in_Tokyo_is_still_in_march_there()
    {
        // 23:59 on 31 March in Tokyo (UTC+9) is 14:59 UTC the same day: March in both.
        var instant = new DateTimeOffset(2011, 3, 31, 23, 59, 0, TimeSpan.FromHours(9));

        Assert.Equal(new DateOnly(2011, 3, 31), ReportingCalendar.LocalDate(instant, "Asia/Tokyo"));
        Assert.Equal("2011-03", ReportingCalendar.PeriodOf(instant, "Asia/Tokyo", PeriodGranularity.Month).ToString());
        Assert.Equal("2011-03", ReportingCalendar.PeriodOf(instant, TimeZoneInfo.Utc, PeriodGranularity.Month).ToString());
    }

    [Fact]
    public void A_zone_ahead_of_utc_moves_a_late_utc_instant_into_the_next_period()
    {
        // 15:30 UTC on 31 March is 00:30 on 1 April in Tokyo: March by UTC, April and Q2 in Tokyo.
        var instant = new DateTimeOffset(2011, 3, 31, 15, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2011, 4, 1), ReportingCalendar.LocalDate(instant, "Asia/Tokyo"));
        Assert.Equal("2011-Q2", ReportingCalendar.PeriodOf(instant, "Asia/Tokyo", PeriodGranularity.Quarter).ToString());
        Assert.Equal("2011-Q1", ReportingCalendar.PeriodOf(instant, TimeZoneInfo.Utc, PeriodGranularity.Quarter).ToString());
    }

    [Fact]
    public void A_zone_behind_utc_keeps_an_early_utc_instant_in_the_previous_period()
    {
        // 03:59 UTC on 1 April is 23:59 on 31 March in New York (EDT, UTC−4): April by UTC, March there.
        var instant = new DateTimeOffset(2011, 4, 1, 3, 59, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2011, 3, 31), ReportingCalendar.LocalDate(instant, "America/New_York"));
        Assert.Equal("2011-03", ReportingCalendar.PeriodOf(instant, "America/New_York", PeriodGranularity.Month).ToString());
        Assert.Equal("2011-04", ReportingCalendar.PeriodOf(instant, TimeZoneInfo.Utc, PeriodGranularity.Month).ToString());

        // A minute later it is 1 April in New York too (00:00 EDT).
        Assert.Equal(new DateOnly(2011, 4, 1), ReportingCalendar.LocalDate(instant.AddMinutes(1), "America/New_York"));
    }

    [Fact]
    public void New_york_in_winter_is_five_hours_behind_so_new_year_comes_later()
    {
        var instant = new DateTimeOffset(2012, 1, 1, 4, 59, 0, TimeSpan.Zero);

        Assert.Equal("2011", ReportingCalendar.PeriodOf(instant, "America/New_York", PeriodGranularity.Year).ToString());
        Assert.Equal("2012", ReportingCalendar.PeriodOf(instant.AddMinutes(1), "America/New_York", PeriodGranularity.Year).ToString());
    }

    [Fact]
    public void The_offset_an_instant_was_written_with_does_not_matter()
    {
        var utc = new DateTimeOffset(2011, 3, 31, 15, 30, 0, TimeSpan.Zero);
        var sameInBerlin = utc.ToOffset(TimeSpan.FromHours(2));

        Assert.Equal(ReportingCalendar.LocalDate(utc, "Asia/Tokyo"), ReportingCalendar.LocalDate(sameInBerlin, "Asia/Tokyo"));
    }

    [Fact]
    public void An_unknown_zone_is_an_error()
    {
        Assert.Throws<TimeZoneNotFoundException>(() => ReportingCalendar.LocalDate(DateTimeOffset.UnixEpoch, "Mars/Olympus_Mons"));
    }
}
