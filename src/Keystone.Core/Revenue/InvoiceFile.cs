using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MiniExcelLibs;

namespace Keystone.Core.Revenue;

/// <summary>One data row of a file: its row number as a person finds it (the header is row 1) and its cells by column.</summary>
/// <param name="Cells">Strings for CSV; for .xlsx also numbers (<see cref="double"/>), dates (<see cref="DateTime"/>) and booleans.</param>
/// <param name="Problem">What made the row unreadable as a whole (broken quotes, more fields than the header), if anything.</param>
public sealed record SourceRecord(long Row, object?[] Cells, string? Problem);

/// <summary>The file cannot be read at all: its format, its encoding or its header is wrong. Nothing was imported.</summary>
public sealed class InvoiceFileException(string message) : Exception(message);

/// <summary>
/// An invoice file opened for a streamed read: CSV in any usual encoding and with any usual delimiter,
/// or an Excel workbook (.xlsx, first sheet). Opening reads the bytes once to hash them and to tell
/// the encoding; the rows are then read one at a time, so memory does not grow with the file.
/// </summary>
public sealed class InvoiceFile
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static InvoiceFile()
    {
        // Windows-1252 and the other legacy code pages are not in .NET by default.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private readonly Stream _stream;
    private readonly Encoding? _encoding;
    private readonly int _preambleLength;
    private readonly char _delimiter;

    private InvoiceFile(Stream stream, string fileName, string sha256, Encoding? encoding, int preambleLength, char delimiter, IReadOnlyList<string> headers)
    {
        _stream = stream;
        FileName = fileName;
        Sha256 = sha256;
        _encoding = encoding;
        _preambleLength = preambleLength;
        _delimiter = delimiter;
        Headers = headers;
    }

    public string FileName { get; }

    /// <summary>SHA-256 of the bytes, lower-case hex.</summary>
    public string Sha256 { get; }

    public bool IsWorkbook => _encoding is null;

    /// <summary>The delimiter of a CSV file.</summary>
    public char Delimiter => _delimiter;

    /// <summary>How the file was read, for a person: "CSV, UTF-8, delimiter ';'" or "Excel workbook".</summary>
    public string Format => _encoding is null
        ? "Excel workbook (.xlsx), first sheet"
        : $"CSV, {EncodingName(_encoding, _preambleLength)}, delimiter {DelimiterName(_delimiter)}";

    /// <summary>The header's column names, trimmed, in file order.</summary>
    public IReadOnlyList<string> Headers { get; }

    public long Length => _stream.Length;

    /// <summary>How far the reading has got, in bytes: progress and time left are measured by it.</summary>
    public long Position => _stream.Position;

    /// <summary>Opens a file; the stream must be seekable (a file, or an upload buffered to disk) and stays open until the caller closes it.</summary>
    /// <exception cref="InvoiceFileException">The file is empty, an old .xls, or its header is unreadable.</exception>
    public static async Task<InvoiceFile> OpenAsync(Stream stream, string fileName, CancellationToken ct = default)
    {
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The invoice file must be readable and seekable; buffer an upload to a temporary file first.", nameof(stream));
        }
        stream.Position = 0;
        var head = new byte[4];
        var headLength = await stream.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, ct);
        if (headLength == 0)
        {
            throw new InvoiceFileException($"{fileName} is empty.");
        }
        var kind = Sniff(head.AsSpan(0, headLength), out var bom, out var bomLength);
        if (kind == Kind.OldExcel)
        {
            throw new InvoiceFileException($"{fileName} is an Excel 97–2003 workbook (.xls); save it as .xlsx or as CSV and import that.");
        }

        stream.Position = 0;
        var (sha256, validUtf8) = await ScanAsync(stream, checkUtf8: kind == Kind.Text && bom is null, ct);
        if (kind == Kind.Workbook)
        {
            stream.Position = 0;
            return new InvoiceFile(stream, fileName, sha256, null, 0, ',', ReadWorkbookHeader(stream, fileName));
        }

        // Without a byte order mark, text that is not valid UTF-8 is taken as Windows-1252, the usual
        // encoding of exports from Windows software in western Europe and the Americas.
        var encoding = bom ?? (validUtf8 ? StrictUtf8 : Encoding.GetEncoding(1252));
        stream.Position = bomLength;
        string sample;
        using (var sampler = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true))
        {
            var buffer = new char[64 * 1024];
            var read = await sampler.ReadBlockAsync(buffer.AsMemory(), ct);
            sample = new string(buffer, 0, read);
        }
        if (sample.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvoiceFileException(
                $"{fileName} holds NUL characters as {EncodingName(encoding, bomLength)}: it is UTF-32, binary, or has a broken byte order mark. Save it as CSV in UTF-8 (or .xlsx) and import that.");
        }
        var delimiter = CsvRecordReader.DetectDelimiter(sample);
        stream.Position = bomLength;
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var csv = new CsvRecordReader(reader, delimiter);
        if (!csv.Read())
        {
            throw new InvoiceFileException($"{fileName} has no header row.");
        }
        var headers = csv.Fields.Select(h => h.Trim()).ToList();
        return new InvoiceFile(stream, fileName, sha256, encoding, bomLength, delimiter, headers);
    }

    /// <summary>The data rows, read as they are enumerated.</summary>
    public IEnumerable<SourceRecord> Records(CancellationToken ct = default) =>
        _encoding is null ? WorkbookRecords(ct) : CsvRecords(ct);

    private IEnumerable<SourceRecord> CsvRecords(CancellationToken ct)
    {
        _stream.Position = _preambleLength;
        using var reader = new StreamReader(_stream, _encoding!, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var csv = new CsvRecordReader(reader, _delimiter);
        csv.Read();
        while (csv.Read())
        {
            ct.ThrowIfCancellationRequested();
            var fields = csv.Fields;
            var cells = new object?[Headers.Count];
            for (var i = 0; i < cells.Length && i < fields.Count; i++)
            {
                cells[i] = fields[i];
            }
            var problem = csv.Problem;
            if (problem is null && fields.Count > Headers.Count && fields.Skip(Headers.Count).Any(f => f.Length > 0))
            {
                problem = $"has {fields.Count} fields but the header has {Headers.Count}; check the quotes and the delimiter ({DelimiterName(_delimiter)})";
            }
            yield return new SourceRecord(csv.Line, cells, problem);
        }
    }

    private IEnumerable<SourceRecord> WorkbookRecords(CancellationToken ct)
    {
        _stream.Position = 0;
        long row = 0;
        string[]? columns = null;
        foreach (IDictionary<string, object?> values in MiniExcel.Query(_stream, useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            row++;
            if (columns is null)
            {
                columns = [.. values.Keys];
                continue;
            }
            ct.ThrowIfCancellationRequested();
            var cells = new object?[Headers.Count];
            var any = false;
            for (var i = 0; i < cells.Length && i < columns.Length; i++)
            {
                var value = values.TryGetValue(columns[i], out var v) ? v : null;
                cells[i] = value is string s && s.Length == 0 ? null : value;
                any |= cells[i] is not null;
            }
            if (any)
            {
                yield return new SourceRecord(row, cells, null);
            }
        }
    }

    private static List<string> ReadWorkbookHeader(Stream stream, string fileName)
    {
        try
        {
            var first = MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().FirstOrDefault()
                ?? throw new InvoiceFileException($"{fileName} has no rows on its first sheet.");
            var headers = first.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? "").ToList();
            while (headers.Count > 0 && headers[^1].Length == 0)
            {
                headers.RemoveAt(headers.Count - 1);
            }
            return headers.Count > 0 ? headers : throw new InvoiceFileException($"{fileName} has an empty first row; its first row must name the columns.");
        }
        catch (Exception e) when (e is not InvoiceFileException and not OperationCanceledException)
        {
            throw new InvoiceFileException($"{fileName} is not a readable Excel workbook ({e.Message}); open and save it again as .xlsx, or export CSV.");
        }
    }

    private enum Kind
    {
        Text,
        Workbook,
        OldExcel,
    }

    private static Kind Sniff(ReadOnlySpan<byte> head, out Encoding? bom, out int bomLength)
    {
        bom = null;
        bomLength = 0;
        if (head is [0x50, 0x4B, 0x03, 0x04, ..])
        {
            return Kind.Workbook;
        }
        if (head is [0xD0, 0xCF, 0x11, 0xE0, ..])
        {
            return Kind.OldExcel;
        }
        (bom, bomLength) = head switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)StrictUtf8, 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true), 4),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true), 2),
            _ => (null, 0),
        };
        return Kind.Text;
    }

    /// <summary>Hashes the whole stream and, when asked, tells whether it is valid UTF-8, in one pass.</summary>
    private static async Task<(string Sha256, bool ValidUtf8)> ScanAsync(Stream stream, bool checkUtf8, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = checkUtf8 ? StrictUtf8.GetDecoder() : null;
        var valid = true;
        var buffer = new byte[128 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            if (decoder is not null && valid)
            {
                valid = TryDecode(decoder, buffer.AsSpan(0, read), flush: false);
            }
        }
        if (decoder is not null && valid)
        {
            valid = TryDecode(decoder, [], flush: true);
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), valid);
    }

    private static bool TryDecode(Decoder decoder, ReadOnlySpan<byte> bytes, bool flush)
    {
        try
        {
            decoder.GetCharCount(bytes, flush);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string EncodingName(Encoding encoding, int bomLength) => encoding switch
    {
        UTF8Encoding => bomLength > 0 ? "UTF-8 with BOM" : "UTF-8",
        UnicodeEncoding u => u.GetPreamble() is [0xFE, ..] ? "UTF-16 BE" : "UTF-16 LE",
        UTF32Encoding u => u.GetPreamble() is [0x00, ..] ? "UTF-32 BE" : "UTF-32 LE",
        _ => encoding.CodePage == 1252 ? "Windows-1252" : encoding.WebName,
    };

    private static string DelimiterName(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        _ => $"'{delimiter}'",
    };
}
