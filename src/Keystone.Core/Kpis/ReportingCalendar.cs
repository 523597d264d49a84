namespace Keystone.Core.Kpis;

/// <summary>
/// Places instants on the calendar of the company's reporting time zone (KPIS.md, "Periods, scope,
/// money": a period is a calendar period in that zone, UTC by default).
/// </summary>
/// <remarks>
/// An invoice issued at 2011-03-31T15:30Z is dated 31 March in UTC but 1 April in Asia/Tokyo (UTC+9),
/// so it counts in April there; one issued at 2011-04-01T03:59Z is dated 1 April in UTC but
/// 31 March in America/New_York (UTC−4 in summer), so it counts in March there.
/// </remarks>
public static class ReportingCalendar
{
    /// <summary>The local calendar date of an instant in a time zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>The local calendar date of an instant in an IANA time zone such as <c>Europe/Berlin</c>.</summary>
    /// <exception cref="TimeZoneNotFoundException">The zone is not known to the system's time zone database.</exception>
    public static DateOnly LocalDate(DateTimeOffset instant, string ianaTimeZoneId) =>
        LocalDate(instant, TimeZoneInfo.FindSystemTimeZoneById(ianaTimeZoneId));

    /// <summary>The period of the given granularity that an instant falls in, in a time zone.</summary>
    public static Period PeriodOf(DateTimeOffset instant, TimeZoneInfo zone, PeriodGranularity granularity) =>
        Period.For(LocalDate(instant, zone), granularity);

    /// <inheritdoc cref="PeriodOf(DateTimeOffset, TimeZoneInfo, PeriodGranularity)"/>
    public static Period PeriodOf(DateTimeOffset instant, string ianaTimeZoneId, PeriodGranularity granularity) =>
        Period.For(LocalDate(instant, ianaTimeZoneId), granularity);

    /// <summary>
    /// "The trailing 12 months" wherever Keystone shows them (the selection matrix's current sales, the
    /// account hierarchy's revenue, the ABC report's default): the 12 whole months before the month under
    /// way in the reporting time zone, so that a figure does not move with every day of the month.
    /// </summary>
    public static (Period From, Period To) TrailingTwelveMonths(DateTimeOffset now, TimeZoneInfo zone)
    {
        var thisMonth = PeriodOf(now, zone, PeriodGranularity.Month);
        return (thisMonth.Offset(-12), thisMonth.Previous());
    }
}
