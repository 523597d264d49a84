using System.Globalization;

namespace Keystone.Core.Revenue;

/// <summary>The character a file writes before the decimals of its numbers.</summary>
public enum DecimalSeparator
{
    /// <summary>Not known (yet): decided from the file's values.</summary>
    Unknown,

    /// <summary><c>1234.56</c>, <c>1,234.56</c>.</summary>
    Point,

    /// <summary><c>1234,56</c>, <c>1.234,56</c>, <c>1 234,56</c>.</summary>
    Comma,
}

/// <summary>
/// Reads numbers as ERP exports write them, exactly: grouping with <c>,</c> <c>.</c> spaces or
/// <c>'</c> in groups of three, a leading <c>+</c>/<c>-</c>, a trailing <c>-</c> (SAP) or parentheses
/// for negatives. Whether <c>.</c> or <c>,</c> is the decimal separator is the file's choice
/// (<see cref="Evidence"/>); a value that fits either reading, such as <c>1.234</c>, is refused
/// rather than guessed while the file has not told.
/// </summary>
public static class ErpNumber
{
    private static bool IsGroupSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\'' or '\u2019';

    /// <summary>What a value tells about the decimal separator; <see cref="DecimalSeparator.Unknown"/> for integers and ambiguous values.</summary>
    public static DecimalSeparator Evidence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DecimalSeparator.Unknown;
        }
        var body = Unsign(text.Trim(), out _);
        var lastPoint = body.LastIndexOf('.');
        var lastComma = body.LastIndexOf(',');
        if (lastPoint >= 0 && lastComma >= 0)
        {
            return lastPoint > lastComma ? DecimalSeparator.Point : DecimalSeparator.Comma;
        }
        if (lastPoint < 0 && lastComma < 0)
        {
            return DecimalSeparator.Unknown;
        }
        var separator = lastPoint >= 0 ? '.' : ',';
        var count = body.Count(c => c == separator);
        var reading = separator == '.' ? DecimalSeparator.Point : DecimalSeparator.Comma;
        var other = separator == '.' ? DecimalSeparator.Comma : DecimalSeparator.Point;
        if (count > 1)
        {
            // Only a group separator repeats.
            return other;
        }
        return IsAmbiguous(body, separator) ? DecimalSeparator.Unknown : reading;
    }

    /// <summary>One separator with exactly three digits after it and a group-sized part before: 1.234 or 1,234.</summary>
    private static bool IsAmbiguous(string body, char separator)
    {
        var at = body.IndexOf(separator, StringComparison.Ordinal);
        var before = body[..at].Where(c => !IsGroupSpace(c)).ToArray();
        var after = body[(at + 1)..];
        return after.Length == 3 && after.All(char.IsAsciiDigit)
            && before.Length is >= 1 and <= 3 && before.All(char.IsAsciiDigit) && before[0] != '0'
            && !body[..at].Any(IsGroupSpace);
    }

    /// <summary>Reads a number written with <paramref name="separator"/> as its decimal separator.</summary>
    /// <param name="error">Why the text is not a number, phrased to follow the value, such as "is not a number".</param>
    public static bool TryParse(string? text, DecimalSeparator separator, out decimal value, out string? error)
    {
        value = 0;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "is empty";
            return false;
        }
        if (TryParsePlain(trimmed, separator, out value))
        {
            return true;
        }
        var body = Unsign(trimmed, out var negative);
        if (body.Length == 0 || body.Any(c => !(char.IsAsciiDigit(c) || c is '.' or ',' || IsGroupSpace(c))))
        {
            error = "is not a number";
            return false;
        }
        if (separator == DecimalSeparator.Unknown)
        {
            separator = Evidence(body);
            if (separator == DecimalSeparator.Unknown)
            {
                if (body.Contains('.', StringComparison.Ordinal) || body.Contains(',', StringComparison.Ordinal))
                {
                    error = "could be read with '.' or with ',' as the decimal separator, and no other number in the file tells which; give the separator explicitly";
                    return false;
                }
                separator = DecimalSeparator.Point;
            }
        }
        var decimalChar = separator == DecimalSeparator.Point ? '.' : ',';
        var groupChar = separator == DecimalSeparator.Point ? ',' : '.';
        var at = body.IndexOf(decimalChar, StringComparison.Ordinal);
        if (at >= 0 && body.IndexOf(decimalChar, at + 1) >= 0)
        {
            error = $"has '{decimalChar}' twice, and '{decimalChar}' is this file's decimal separator";
            return false;
        }
        var integer = at >= 0 ? body[..at] : body;
        var fraction = at >= 0 ? body[(at + 1)..] : "";
        if (fraction.Any(c => !char.IsAsciiDigit(c)))
        {
            error = $"has a group separator after the decimal separator '{decimalChar}'";
            return false;
        }
        if (!TryUngroup(integer, groupChar, out var digits))
        {
            error = $"groups its digits unevenly (the decimal separator of this file is '{decimalChar}')";
            return false;
        }
        if (digits.Length == 0 && fraction.Length == 0)
        {
            error = "is not a number";
            return false;
        }
        var invariant = (negative ? "-" : "") + (digits.Length == 0 ? "0" : digits) + (fraction.Length > 0 ? "." + fraction : "");
        if (!decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            error = "is too large";
            return false;
        }
        return true;
    }

    /// <summary>
    /// The common case without allocating: an optional leading minus, digits, and at most one decimal
    /// separator of the known kind followed by digits. It reads exactly what the full path reads for
    /// such text (the same characters reach <see cref="decimal.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out decimal)"/>);
    /// anything else, and an overflow, goes to the full path and its messages.
    /// </summary>
    private static bool TryParsePlain(ReadOnlySpan<char> text, DecimalSeparator separator, out decimal value)
    {
        value = 0;
        var decimalChar = separator switch
        {
            DecimalSeparator.Point => '.',
            DecimalSeparator.Comma => ',',
            _ => '\0',
        };
        var i = text.Length > 0 && text[0] == '-' ? 1 : 0;
        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        if (i == digitsStart || text.Length > 64)
        {
            return false;
        }
        var at = -1;
        if (i < text.Length)
        {
            if (text[i] != decimalChar || decimalChar == '\0')
            {
                return false;
            }
            at = i++;
            var fractionStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == fractionStart || i < text.Length)
            {
                return false;
            }
        }
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (at < 0 || decimalChar == '.')
        {
            return decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out value);
        }
        Span<char> invariant = stackalloc char[text.Length];
        text.CopyTo(invariant);
        invariant[at] = '.';
        return decimal.TryParse(invariant, Styles, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Removes a sign: a leading + or -, a trailing - or enclosing parentheses.</summary>
    private static string Unsign(string text, out bool negative)
    {
        negative = false;
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            negative = true;
            return text[1..^1].Trim();
        }
        if (text[0] is '-' or '+' or '\u2212')
        {
            negative = text[0] != '+';
            return text[1..].Trim();
        }
        if (text[^1] is '-' or '\u2212')
        {
            negative = true;
            return text[..^1].Trim();
        }
        return text;
    }

    private static bool TryUngroup(string integer, char groupChar, out string digits)
    {
        digits = "";
        if (integer.All(char.IsAsciiDigit))
        {
            digits = integer;
            return true;
        }
        // Groups of three after the first, all with the same separator.
        char? used = null;
        var groups = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in integer)
        {
            if (char.IsAsciiDigit(c))
            {
                current.Append(c);
                continue;
            }
            if (c != groupChar && !IsGroupSpace(c))
            {
                return false;
            }
            if (used is { } u && u != c)
            {
                return false;
            }
            used = c;
            groups.Add(current.ToString());
            current.Clear();
        }
        groups.Add(current.ToString());
        if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3))
        {
            return false;
        }
        digits = string.Concat(groups);
        return true;
    }

    /// <summary>The number of digits after the decimal point of a value, trailing zeros included.</summary>
    public static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>The value without trailing zeros beyond <paramref name="scale"/>, or null when it needs more decimals.</summary>
    public static decimal? FitScale(decimal value, int scale)
    {
        var rounded = Math.Round(value, scale, MidpointRounding.AwayFromZero);
        return rounded == value ? rounded : null;
    }
}
