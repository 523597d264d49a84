using System.Globalization;
using System.Text.RegularExpressions;

namespace Keystone.Core.Revenue;

/// <summary>Which comes first in dates such as <c>03/04/2024</c>.</summary>
public enum DateOrder
{
    /// <summary>Not known (yet): decided from the file's values.</summary>
    Unknown,

    /// <summary><c>dd/MM/yyyy</c>, as in most of the world.</summary>
    DayFirst,

    /// <summary><c>MM/dd/yyyy</c>, as in the United States.</summary>
    MonthFirst,
}

/// <summary>A date cell as the file gave it: a calendar date, with a time or not, with an offset from UTC or not.</summary>
public readonly record struct ErpTimestamp(DateOnly Date, TimeOnly? Time, TimeSpan? Offset)
{
    public bool IsDateOnly => Time is null;
}

/// <summary>
/// Reads the dates ERP exports write: ISO 8601 (<c>2024-03-05</c>, <c>2024-03-05T14:30:00.000Z</c>,
/// <c>+01:00</c> or <c>+0100</c>), <c>20240305</c>, <c>05.03.2024</c> (always day first),
/// <c>05/03/2024</c> and <c>05-03-2024</c> (day or month first: the file's choice, see
/// <see cref="Evidence"/>), <c>05-Mar-2024</c>, <c>Mar 5, 2024</c>, each with an optional time
/// (24-hour, or 12-hour with AM/PM) and offset. Two-digit years are refused.
/// </summary>
public static partial class ErpDate
{
    [GeneratedRegex("""
        ^(?:
            (?<y>\d{4})(?<s1>[-/.])(?<m>\d{1,2})\k<s1>(?<d>\d{1,2})
          | (?<y>\d{4})(?<m>\d{2})(?<d>\d{2})
          | (?<a>\d{1,2})(?<s2>[-/.])(?<b>\d{1,2})\k<s2>(?<y>\d{4})
          | (?<d>\d{1,2})[-\ ](?<mon>[A-Za-z]{3,9})\.?[-\ ](?<y>\d{4})
          | (?<mon>[A-Za-z]{3,9})\.?\ (?<d>\d{1,2}),?\ (?<y>\d{4})
        )
        (?:(?:T|\ +)(?<h>\d{1,2}):(?<min>\d{2})(?::(?<sec>\d{2})(?:[.,](?<frac>\d{1,7}))?)?\ *(?<ampm>[AaPp]\.?[Mm]\.?)?)?
        \ *(?<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>What a value tells about the order of day and month; <see cref="DateOrder.Unknown"/> when it fits both or has no such part.</summary>
    public static DateOrder Evidence(string? text)
    {
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success || !match.Groups["a"].Success || match.Groups["s2"].Value == ".")
        {
            return DateOrder.Unknown;
        }
        var a = int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
        var b = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
        return (a > 12, b > 12) switch
        {
            (true, false) => DateOrder.DayFirst,
            (false, true) => DateOrder.MonthFirst,
            _ => DateOrder.Unknown,
        };
    }

    /// <param name="error">Why the text is not a date, phrased to follow the value.</param>
    public static bool TryParse(string? text, DateOrder order, out ErpTimestamp value, out string? error)
    {
        value = default;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "is empty";
            return false;
        }
        if (TryParseIsoDate(trimmed, out value))
        {
            return true;
        }
        var match = Pattern().Match(trimmed);
        if (!match.Success)
        {
            error = "is not a date Keystone reads; write it as 2024-03-05 (or 2024-03-05T14:30:00Z with a time)";
            return false;
        }
        var g = match.Groups;
        var year = int.Parse(g["y"].Value, CultureInfo.InvariantCulture);
        int month, day;
        if (g["a"].Success)
        {
            var a = int.Parse(g["a"].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(g["b"].Value, CultureInfo.InvariantCulture);
            if (g["s2"].Value == ".")
            {
                order = DateOrder.DayFirst;
            }
            else if (order == DateOrder.Unknown)
            {
                order = Evidence(trimmed);
                if (order == DateOrder.Unknown && a != b && a <= 12 && b <= 12)
                {
                    error = "could be day/month or month/day, and no other date in the file tells which; give the date order explicitly";
                    return false;
                }
                if (order == DateOrder.Unknown)
                {
                    order = DateOrder.DayFirst;
                }
            }
            (day, month) = order == DateOrder.DayFirst ? (a, b) : (b, a);
        }
        else
        {
            day = int.Parse(g["d"].Value, CultureInfo.InvariantCulture);
            if (g["mon"].Success)
            {
                if (MonthNumber(g["mon"].Value) is not { } named)
                {
                    error = $"names a month Keystone does not know ('{g["mon"].Value}'); use English month names or numbers";
                    return false;
                }
                month = named;
            }
            else
            {
                month = int.Parse(g["m"].Value, CultureInfo.InvariantCulture);
            }
        }
        if (month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = month is >= 1 and <= 12 && year >= 1
                ? $"is not a day of the calendar ({CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} has {DateTime.DaysInMonth(year, month)} days)"
                : "is not a day of the calendar (there is no month " + month + ")";
            return false;
        }
        var date = new DateOnly(year, month, day);

        TimeOnly? time = null;
        if (g["h"].Success)
        {
            var hour = int.Parse(g["h"].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(g["min"].Value, CultureInfo.InvariantCulture);
            var second = g["sec"].Success ? int.Parse(g["sec"].Value, CultureInfo.InvariantCulture) : 0;
            var ticks = g["frac"].Success ? long.Parse(g["frac"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;
            if (g["ampm"].Success)
            {
                if (hour is < 1 or > 12)
                {
                    error = "has an hour outside 1–12 before AM/PM";
                    return false;
                }
                var pm = char.ToUpperInvariant(g["ampm"].Value[0]) == 'P';
                hour = (hour % 12) + (pm ? 12 : 0);
            }
            if (hour > 23 || minute > 59 || second > 59)
            {
                error = "has a time that does not exist";
                return false;
            }
            time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
        }

        TimeSpan? offset = null;
        if (g["zone"].Success)
        {
            if (time is null)
            {
                error = "has a time zone but no time; give the time too, or the date alone";
                return false;
            }
            var zone = g["zone"].Value;
            if (zone is "Z" or "UTC" or "GMT")
            {
                offset = TimeSpan.Zero;
            }
            else
            {
                var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
                var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
                var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
                if (hours > 14 || minutes > 59)
                {
                    error = $"has an offset from UTC that does not exist ({zone})";
                    return false;
                }
                offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
            }
        }
        value = new ErpTimestamp(date, time, offset);
        return true;
    }

    /// <summary>The common <c>yyyy-MM-dd</c> without the pattern; anything else, or a day not in the calendar, goes to the full path and its messages.</summary>
    private static bool TryParseIsoDate(ReadOnlySpan<char> text, out ErpTimestamp value)
    {
        value = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }
        if (!int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text[5..7], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(text[8..], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        value = new ErpTimestamp(new DateOnly(year, month, day), null, null);
        return true;
    }

    private static int? MonthNumber(string name)
    {
        var format = CultureInfo.InvariantCulture.DateTimeFormat;
        for (var i = 0; i < 12; i++)
        {
            if (string.Equals(name, format.MonthNames[i], StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, format.AbbreviatedMonthNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }
        return string.Equals(name, "Sept", StringComparison.OrdinalIgnoreCase) ? 9 : null;
    }
}
