using System.Text;

namespace Keystone.Core.Revenue;

/// <summary>
/// A streaming RFC 4180 reader: quoted fields may hold the delimiter, doubled quotes and line breaks;
/// CR, LF and CRLF all end a record; blank lines are skipped. It keeps only the current record, and
/// tells the line each record starts on and what was malformed about it, so that a rejected row can
/// be found in the file.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter)
{
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private long _line = 1;

    /// <summary>The 1-based line the current record starts on.</summary>
    public long Line { get; private set; }

    /// <summary>What was wrong with the current record's quoting, if anything; the fields are still read as well as they can be.</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<string> Fields => _fields;

    public bool Read()
    {
        while (true)
        {
            var start = _line;
            var ended = ReadRecord();
            if (!ended && _fields.Count == 0)
            {
                return false;
            }
            // A blank line is one empty field with nothing else: skip it, as spreadsheets do not.
            if (_fields.Count == 1 && _fields[0].Length == 0 && Problem is null)
            {
                if (!ended)
                {
                    return false;
                }
                continue;
            }
            Line = start;
            return true;
        }
    }

    /// <summary>Reads one record into <see cref="Fields"/>; false when the input ended (the record may still hold fields).</summary>
    private bool ReadRecord()
    {
        _fields.Clear();
        _field.Clear();
        Problem = null;
        var quoted = false;
        var afterQuote = false;
        var any = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0)
            {
                if (quoted)
                {
                    Problem = "a quoted field is not closed before the end of the file";
                }
                if (any)
                {
                    _fields.Add(_field.ToString());
                }
                return false;
            }
            any = true;
            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                    continue;
                }
                if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
                {
                    _line++;
                }
                _field.Append(c);
                continue;
            }
            if (c == delimiter)
            {
                _fields.Add(_field.ToString());
                _field.Clear();
                afterQuote = false;
                continue;
            }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }
                _line++;
                _fields.Add(_field.ToString());
                return true;
            }
            if (c == '"' && _field.Length == 0 && !afterQuote)
            {
                quoted = true;
                continue;
            }
            if (afterQuote)
            {
                Problem ??= "text follows the closing quote of a field";
            }
            else if (c == '"')
            {
                Problem ??= "a field holds a quote but does not start with one";
            }
            _field.Append(c);
        }
    }

    /// <summary>
    /// The delimiter of a CSV file from its first records: of , ; tab and |, the one that appears in the
    /// header and splits the most of the following records into as many fields; a comma when none does.
    /// </summary>
    public static char DetectDelimiter(string sample)
    {
        char[] candidates = [',', ';', '\t', '|'];
        var best = ',';
        var bestScore = (Consistent: -1, Header: 0);
        foreach (var candidate in candidates)
        {
            var counts = CountPerRecord(sample, candidate, maxRecords: 20);
            if (counts.Count == 0 || counts[0] == 0)
            {
                continue;
            }
            var score = (Consistent: counts.Skip(1).Count(n => n == counts[0]), Header: counts[0]);
            if (score.Consistent > bestScore.Consistent || (score.Consistent == bestScore.Consistent && score.Header > bestScore.Header))
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static List<int> CountPerRecord(string sample, char delimiter, int maxRecords)
    {
        var counts = new List<int>();
        var quoted = false;
        var count = 0;
        var complete = false;
        for (var i = 0; i < sample.Length && counts.Count < maxRecords; i++)
        {
            var c = sample[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == delimiter)
            {
                count++;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < sample.Length && sample[i + 1] == '\n')
                {
                    i++;
                }
                counts.Add(count);
                count = 0;
                complete = true;
                continue;
            }
            complete = false;
        }
        // The sample may end inside a record: its count is partial, so it is left out (unless it is the only one).
        if (!complete && counts.Count == 0)
        {
            counts.Add(count);
        }
        return counts;
    }
}
