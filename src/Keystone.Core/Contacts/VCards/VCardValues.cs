using System.Text;

namespace Keystone.Core.Contacts.VCards;

/// <summary>Decoding of property values: transfer encodings, character sets, escapes and components.</summary>
internal static class VCardValues
{
    /// <summary>
    /// The text of a value once quoted-printable is undone, still escaped. The bytes of a
    /// quoted-printable value are read in the line's CHARSET, UTF-8 when it names none or one .NET
    /// does not know.
    /// </summary>
    public static string Text(VCardLine line)
    {
        var encoding = line.Parameter("ENCODING");
        if (encoding is not null && encoding.Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase))
        {
            return DecodeQuotedPrintable(line.Value, Charset(line.Parameter("CHARSET")));
        }
        return line.Value;
    }

    public static bool IsBinary(VCardLine line)
    {
        var encoding = line.Parameter("ENCODING");
        return encoding is not null
            && (encoding.Equals("B", StringComparison.OrdinalIgnoreCase) || encoding.Equals("BASE64", StringComparison.OrdinalIgnoreCase));
    }

    public static Encoding Charset(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Encoding.UTF8;
        }
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    public static string DecodeQuotedPrintable(string value, Encoding encoding)
    {
        var bytes = new List<byte>(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c == '=')
            {
                if (i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
                {
                    bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                    i += 3;
                    continue;
                }
                if (i == value.Length - 1)
                {
                    // A soft line break at the very end of the value: nothing follows.
                    break;
                }
                bytes.Add((byte)'=');
                i++;
                continue;
            }
            var end = value.IndexOf('=', i);
            if (end < 0)
            {
                end = value.Length;
            }
            bytes.AddRange(encoding.GetBytes(value[i..end]));
            i = end;
        }
        return encoding.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (char.ToUpperInvariant(c) - 'A' + 10);

    /// <summary>
    /// Undoes backslash escapes. 3.0 and 4.0 escape \\, \n, \, and \; (and exporters add \: and \");
    /// 2.1 knows only \; and \\, so a backslash before anything else is kept as it is.
    /// </summary>
    public static string Unescape(string value, VCardVersion version)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }
        var modern = version != VCardVersion.V21;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i == value.Length - 1)
            {
                sb.Append(c);
                continue;
            }
            var next = value[i + 1];
            switch (next)
            {
                case '\\' or ';':
                    sb.Append(next);
                    i++;
                    break;
                case ',' or ':' or '"' when modern:
                    sb.Append(next);
                    i++;
                    break;
                case 'n' or 'N' when modern:
                    sb.Append('\n');
                    i++;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Splits at separators that are not escaped; the parts keep their escapes.</summary>
    public static List<string> SplitUnescaped(string value, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == separator)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }
        parts.Add(value[start..]);
        return parts;
    }

    /// <summary>A plain text value: decoded, unescaped, line breaks as \n, trimmed; null when empty.</summary>
    public static string? PlainText(VCardLine line, VCardVersion version) =>
        Clean(Unescape(Text(line), version));

    /// <summary>
    /// The components of a structured value (N, ADR, ORG). In 3.0 and 4.0 a component of N or ADR
    /// may be a comma-separated list; its items are joined with a space.
    /// </summary>
    public static IReadOnlyList<string?> Components(VCardLine line, VCardVersion version, bool listsInComponents)
    {
        return SplitUnescaped(Text(line), ';')
            .Select(component => listsInComponents && version != VCardVersion.V21
                ? Clean(string.Join(' ', SplitUnescaped(component, ',').Select(item => Unescape(item, version).Trim()).Where(item => item.Length > 0)))
                : Clean(Unescape(component, version)))
            .ToList();
    }

    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>The lower-case kinds of a property (TYPE=work,voice / 2.1's bare WORK;VOICE), without "pref".</summary>
    public static IReadOnlyList<string> Types(VCardLine line) => line.ParameterValues("TYPE")
        .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(v => v.ToLowerInvariant())
        .Where(v => v is not ("pref" or "internet"))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>4.0's PREF=1..100; TYPE=pref (3.0) and a bare PREF (2.1) count as 1.</summary>
    public static int? Preference(VCardLine line)
    {
        var pref = line.Parameter("PREF");
        if (pref is not null && int.TryParse(pref, out var number) && number is >= 1 and <= 100)
        {
            return number;
        }
        var flagged = line.ParameterValues("TYPE")
            .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries))
            .Any(v => v.Equals("pref", StringComparison.OrdinalIgnoreCase));
        return flagged ? 1 : null;
    }
}
