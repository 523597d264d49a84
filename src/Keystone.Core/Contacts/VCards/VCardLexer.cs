using System.Text;

namespace Keystone.Core.Contacts.VCards;

/// <summary>A parameter such as TYPE=work,pref; a bare 2.1 parameter (TEL;WORK) is stored under TYPE or ENCODING.</summary>
internal sealed record VCardParameter(string Name, IReadOnlyList<string> Values);

/// <summary>One unfolded content line: [group.]NAME;params:value, and the line of the file it starts on.</summary>
internal sealed record VCardLine(int LineNumber, string? Group, string Name, IReadOnlyList<VCardParameter> Parameters, string Value)
{
    public IEnumerable<string> ParameterValues(string name) =>
        Parameters.Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).SelectMany(p => p.Values);

    public string? Parameter(string name) => ParameterValues(name).FirstOrDefault();

    public bool Is(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);

    public bool Is(string name, string value) => Is(name) && Value.Trim().Equals(value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A content line before it is split into name, parameters and value.</summary>
internal readonly record struct RawLine(int LineNumber, string Text);

/// <summary>
/// Turns the text of a .vcf file into content lines. Unfolding follows RFC 6350 (a line that starts
/// with a space or tab continues the one before); 2.1's quoted-printable soft line breaks (a value
/// ending in '=') and its unindented base64 blocks are joined as well.
/// </summary>
internal static class VCardLexer
{
    private static readonly string[] Encodings = ["BASE64", "B", "QUOTED-PRINTABLE", "8BIT", "7BIT"];

    /// <summary>
    /// Lines of the file, numbered from 1. Any run of carriage returns, with or without a line feed
    /// after it, ends a line: some exporters write CR CR LF.
    /// </summary>
    public static IEnumerable<RawLine> PhysicalLines(string text)
    {
        var number = 1;
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is not ('\r' or '\n'))
            {
                i++;
                continue;
            }
            yield return new RawLine(number++, text[start..i]);
            if (c == '\r')
            {
                while (i < text.Length && text[i] == '\r')
                {
                    i++;
                }
                if (i < text.Length && text[i] == '\n')
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
            start = i;
        }
        if (start < text.Length)
        {
            yield return new RawLine(number, text[start..]);
        }
    }

    public static IEnumerable<RawLine> ContentLines(string text)
    {
        StringBuilder? current = null;
        var currentLine = 0;
        var quotedPrintable = false;
        var base64 = false;
        foreach (var (number, line) in PhysicalLines(text))
        {
            if (current is not null)
            {
                if (quotedPrintable && current.Length > 0 && current[^1] == '=' && line.Length > 0)
                {
                    current.Length--;
                    current.Append(line);
                    continue;
                }
                if (line.Length > 0 && line[0] is ' ' or '\t')
                {
                    current.Append(line, 1, line.Length - 1);
                    continue;
                }
                if (base64 && line.Length > 0 && IsBase64Text(line))
                {
                    current.Append(line);
                    continue;
                }
                yield return new RawLine(currentLine, current.ToString());
                current = null;
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            current = new StringBuilder(line);
            currentLine = number;
            var head = Head(line);
            quotedPrintable = head.Contains("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase);
            base64 = head.Contains("BASE64", StringComparison.OrdinalIgnoreCase)
                || head.Contains("ENCODING=B", StringComparison.OrdinalIgnoreCase);
        }
        if (current is not null)
        {
            yield return new RawLine(currentLine, current.ToString());
        }
    }

    /// <summary>Splits a content line; returns null with a reason when it is not one.</summary>
    public static VCardLine? Parse(RawLine raw, out string? problem)
    {
        problem = null;
        var text = raw.Text;
        var colon = IndexOutsideQuotes(text, ':', 0);
        if (colon < 0)
        {
            problem = $"'{Shorten(text)}' is not a property (it has no ':'); it was skipped.";
            return null;
        }
        var head = text[..colon];
        var value = text[(colon + 1)..];
        var segments = SplitOutsideQuotes(head, ';');
        var fullName = segments[0].Trim();
        string? group = null;
        var dot = fullName.LastIndexOf('.');
        if (dot >= 0)
        {
            group = fullName[..dot];
            fullName = fullName[(dot + 1)..];
        }
        if (fullName.Length == 0 || !fullName.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
        {
            problem = $"'{Shorten(text)}' does not start with a property name; it was skipped.";
            return null;
        }
        var parameters = new List<VCardParameter>(segments.Count - 1);
        foreach (var segment in segments.Skip(1))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                var bare = segment.Trim();
                if (bare.Length == 0)
                {
                    continue;
                }
                var name = Encodings.Contains(bare, StringComparer.OrdinalIgnoreCase) ? "ENCODING" : "TYPE";
                parameters.Add(new VCardParameter(name, [bare]));
                continue;
            }
            var paramName = segment[..equals].Trim().ToUpperInvariant();
            var values = SplitOutsideQuotes(segment[(equals + 1)..], ',')
                .Select(v => Unquote(v.Trim()))
                .ToList();
            parameters.Add(new VCardParameter(paramName, values));
        }
        return new VCardLine(raw.LineNumber, group, fullName.ToUpperInvariant(), parameters, value);
    }

    /// <summary>The name and parameters of a line, before its first ':' outside quotes.</summary>
    private static string Head(string line)
    {
        var colon = IndexOutsideQuotes(line, ':', 0);
        return colon < 0 ? line : line[..colon];
    }

    private static bool IsBase64Text(string line) =>
        line.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '+' or '/' or '=');

    private static int IndexOutsideQuotes(string text, char target, int start)
    {
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == target && !quoted)
            {
                return i;
            }
        }
        return -1;
    }

    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        while (true)
        {
            var next = IndexOutsideQuotes(text, separator, start);
            if (next < 0)
            {
                parts.Add(text[start..]);
                return parts;
            }
            parts.Add(text[start..next]);
            start = next + 1;
        }
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }
        if (!value.Contains('^', StringComparison.Ordinal))
        {
            return value;
        }
        // RFC 6868 (4.0): ^n is a line break, ^' a double quote, ^^ a caret. Older cards do not use
        // carets in the parameters Keystone reads, so decoding them everywhere is safe.
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '^' && i + 1 < value.Length && value[i + 1] is 'n' or 'N' or '\'' or '^')
            {
                sb.Append(value[++i] switch { '\'' => '"', '^' => '^', _ => '\n' });
            }
            else
            {
                sb.Append(value[i]);
            }
        }
        return sb.ToString();
    }

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
