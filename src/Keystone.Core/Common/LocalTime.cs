using System.Globalization;

namespace Keystone.Core.Common;

/// <summary>Wall-clock times in a time zone turned into instants.</summary>
public static class LocalTime
{
    /// <summary>
    /// The instant a wall-clock time reads in <paramref name="zone"/>, with that zone's offset; a time a
    /// clock change skips reads as the same wall time after the change (moved on by half hours until valid).
    /// </summary>
    public static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>A date (yyyy-MM-dd) and time (HH:mm or HH:mm:ss) as typed in a form, in <paramref name="zone"/>; null when either cannot be read.</summary>
    public static DateTimeOffset? Parse(string? date, string? time, TimeZoneInfo zone)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !TimeOnly.TryParseExact(time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            return null;
        }
        return InZone(day.ToDateTime(clock, DateTimeKind.Unspecified), zone);
    }
}
