using System.Globalization;
using System.Text;

namespace Keystone.Core.Revenue;

/// <summary>A problem with one cell (or a whole row) of an invoice file.</summary>
/// <param name="Column">The file's column name, or empty for the row as a whole.</param>
public sealed record RowProblem(long Row, string Column, string Reason);

/// <summary>
/// Writes the rejects report: a CSV with the row, the column and the reason of each problem,
/// followed by the row's original values under the file's own headers, so it can be fixed and
/// imported again.
/// </summary>
internal sealed class RejectsWriter(TextWriter? writer, IReadOnlyList<string> headers)
{
    private bool _started;

    public void Write(SourceRecord record, IEnumerable<RowProblem> problems)
    {
        if (writer is null)
        {
            return;
        }
        if (!_started)
        {
            _started = true;
            WriteLine(["row", "column", "reason", .. headers]);
        }
        var values = record.Cells.Select(Text).ToArray();
        foreach (var problem in problems)
        {
            WriteLine([problem.Row.ToString(CultureInfo.InvariantCulture), problem.Column, problem.Reason, .. values]);
        }
    }

    /// <summary>Writes the header alone when nothing was rejected, so the report is always a valid CSV.</summary>
    public void Finish()
    {
        if (writer is not null && !_started)
        {
            _started = true;
            WriteLine(["row", "column", "reason", .. headers]);
        }
        writer?.Flush();
    }

    public static string Text(object? cell) => cell switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private void WriteLine(IEnumerable<string> fields)
    {
        var line = new StringBuilder();
        foreach (var field in fields)
        {
            if (line.Length > 0)
            {
                line.Append(',');
            }
            // A leading = + - @ would be a formula in a spreadsheet; the quote keeps it text there.
            var risky = field.Length > 0 && field[0] is '=' or '+' or '@' or '\t' or '\r';
            if (risky || field.IndexOfAny([',', '"', '\r', '\n']) >= 0)
            {
                line.Append('"').Append((risky ? "'" : "") + field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(field);
            }
        }
        writer!.Write(line.Append('\n'));
    }
}
