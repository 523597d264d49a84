using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Keystone.Core.Kpis;

public enum PeriodGranularity
{
    Month,
    Quarter,
    Year,
}

/// <summary>
/// A calendar month, quarter or year in the reporting time zone (KPIS.md, "Periods, scope, money"),
/// written <c>2011-03</c>, <c>2011-Q1</c> or <c>2011</c>.
/// </summary>
/// <remarks>
/// The default value is the month 0001-01, so an uninitialised period is still a valid one.
/// </remarks>
public readonly record struct Period : IComparable<Period>, ISpanFormattable, ISpanParsable<Period>
{
    private Period(PeriodGranularity granularity, DateOnly start)
    {
        Granularity = granularity;
        Start = start;
    }

    public PeriodGranularity Granularity { get; }

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; }

    /// <summary>The first day after the period, so that a period is <c>[Start, End)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period ends on 9999-12-31, the last day a <see cref="DateOnly"/> holds.</exception>
    public DateOnly End => Start.AddMonths(MonthsIn(Granularity));

    /// <summary>The last day of the period.</summary>
    public DateOnly LastDay
    {
        get
        {
            var lastMonth = Start.AddMonths(MonthsIn(Granularity) - 1);
            return new DateOnly(lastMonth.Year, lastMonth.Month, DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month));
        }
    }

    public int Year => Start.Year;

    /// <summary>1 to 4.</summary>
    public int Quarter => ((Start.Month - 1) / 3) + 1;

    public static Period OfMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return new(PeriodGranularity.Month, new DateOnly(year, month, 1));
    }

    public static Period OfQuarter(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        return new(PeriodGranularity.Quarter, new DateOnly(year, ((quarter - 1) * 3) + 1, 1));
    }

    public static Period OfYear(int year) => new(PeriodGranularity.Year, new DateOnly(year, 1, 1));

    /// <summary>The period of the given granularity that holds a (local) date.</summary>
    public static Period For(DateOnly date, PeriodGranularity granularity) => granularity switch
    {
        PeriodGranularity.Month => new(granularity, new DateOnly(date.Year, date.Month, 1)),
        PeriodGranularity.Quarter => new(granularity, new DateOnly(date.Year, (((date.Month - 1) / 3) * 3) + 1, 1)),
        PeriodGranularity.Year => new(granularity, new DateOnly(date.Year, 1, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity)),
    };

    public bool Contains(DateOnly date) => date >= Start && date <= LastDay;

    /// <summary><c>P-1</c>: the period of the same length just before this one.</summary>
    public Period Previous() => Offset(-1);

    public Period Next() => Offset(1);

    /// <summary>The period <paramref name="count"/> periods of the same length after (or, when negative, before) this one.</summary>
    public Period Offset(int count) => new(Granularity, Start.AddMonths(checked(count * MonthsIn(Granularity))));

    /// <summary>The <paramref name="count"/> periods that end with this one, oldest first.</summary>
    public Period[] Trailing(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var periods = new Period[count];
        for (var i = 0; i < count; i++)
        {
            periods[i] = Offset(i - count + 1);
        }
        return periods;
    }

    /// <summary>Every period from <paramref name="from"/> to <paramref name="to"/>, both included, oldest first.</summary>
    public static Period[] Range(Period from, Period to)
    {
        if (from.Granularity != to.Granularity)
        {
            throw new ArgumentException($"A range runs over periods of one length; {from} and {to} differ.", nameof(to));
        }
        if (to.Start < from.Start)
        {
            throw new ArgumentException($"The range ends ({to}) before it starts ({from}); swap the two.", nameof(to));
        }
        return to.Trailing(from.Count(to));
    }

    /// <summary>How many periods of this length lie from this one to <paramref name="to"/>, both included.</summary>
    private int Count(Period to) => to.StepsAfter(this) + 1;

    /// <summary>How many periods of this length this one starts after <paramref name="first"/> (0 for the same; for a later one only).</summary>
    internal int StepsAfter(Period first) =>
        (((Start.Year - first.Start.Year) * 12) + Start.Month - first.Start.Month) / MonthsIn(Granularity);

    private static int MonthsIn(PeriodGranularity granularity) => granularity switch
    {
        PeriodGranularity.Month => 1,
        PeriodGranularity.Quarter => 3,
        PeriodGranularity.Year => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(granularity)),
    };

    // Periods sort by start; a month, the quarter and the year that begin on the same day sort shortest first.
    public int CompareTo(Period other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Granularity.CompareTo(other.Granularity);
    }

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(Length, this, static (span, period) => period.TryFormat(span, out _, default, null));

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    private int Length => Granularity switch
    {
        PeriodGranularity.Month => 7,
        PeriodGranularity.Quarter => 7,
        _ => 4,
    };

    /// <summary>Writes <c>2011-03</c>, <c>2011-Q1</c> or <c>2011</c>; the format and provider are ignored (the form is fixed).</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        charsWritten = 0;
        if (destination.Length < Length || !Year.TryFormat(destination, out _, "D4", CultureInfo.InvariantCulture))
        {
            return false;
        }
        switch (Granularity)
        {
            case PeriodGranularity.Month:
                destination[4] = '-';
                Start.Month.TryFormat(destination[5..], out _, "D2", CultureInfo.InvariantCulture);
                break;
            case PeriodGranularity.Quarter:
                destination[4] = '-';
                destination[5] = 'Q';
                destination[6] = (char)('0' + Quarter);
                break;
        }
        charsWritten = Length;
        return true;
    }

    public static Period Parse(string s) => Parse(s.AsSpan(), null);

    public static Period Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan(), provider);

    public static Period Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        TryParse(s, provider, out var period)
            ? period
            : throw new FormatException($"'{s}' is not a period; write a month as 2011-03, a quarter as 2011-Q1 or a year as 2011.");

    public static bool TryParse([NotNullWhen(true)] string? s, out Period result) => TryParse(s.AsSpan(), null, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Period result) => TryParse(s.AsSpan(), provider, out result);

    // Exactly the three written forms: four-digit year, two-digit month, "Q" and one digit (a lower-case
    // "q" is accepted as typed on a command line). Nothing else: no spaces, signs or other separators.
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Period result)
    {
        result = default;
        if (s.Length is not (4 or 7) || !TryDigits(s[..4], out var year) || year < 1)
        {
            return false;
        }
        if (s.Length == 4)
        {
            result = OfYear(year);
            return true;
        }
        if (s[4] != '-')
        {
            return false;
        }
        if (s[5] is 'Q' or 'q')
        {
            if (!TryDigits(s[6..], out var quarter) || quarter is < 1 or > 4)
            {
                return false;
            }
            result = OfQuarter(year, quarter);
            return true;
        }
        if (!TryDigits(s[5..], out var month) || month is < 1 or > 12)
        {
            return false;
        }
        result = OfMonth(year, month);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return true;
    }
}
