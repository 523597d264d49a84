using BenchmarkDotNet.Attributes;
using Keystone.Core.Revenue;

namespace Keystone.Bench.Hot;

/// <summary>Reading and checking rows, without a database: the CPU side of an import.</summary>
public class ParsingBenchmarks
{
    private const int Rows = 10_000;

    private byte[] _file = [];
    private InvoiceFile _opened = null!;
    private SourceRecord[] _records = [];
    private Core.Revenue.InvoiceRowParser _parser = null!;
    private readonly List<RowProblem> _problems = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _file = ImportCsv.Make(Rows);
        _opened = await InvoiceFile.OpenAsync(new MemoryStream(_file), "bench.csv");
        // The parser may keep references into a record's cells: each record gets its own copy.
        _records = [.. _opened.Records().Select(r => r with { Cells = [.. r.Cells] })];
        var columns = InvoiceColumns.Parse(ImportCsv.Columns, "columns");
        var formats = Core.Revenue.InvoiceRowParser.DecideFormats(_opened.Headers, columns, _records.Take(1000), DecimalSeparator.Unknown, DateOrder.Unknown);
        _parser = new Core.Revenue.InvoiceRowParser(_opened.Headers, columns, formats, "EUR", TimeZoneInfo.Utc, TimeZoneInfo.Utc);
    }

    /// <summary>The CSV reader and the cells of each record, per row.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long CsvRecordReader()
    {
        long cells = 0;
        foreach (var record in _opened.Records())
        {
            cells += record.Cells.Length;
        }
        return cells;
    }

    /// <summary>One row read into a line's fields (text, numbers, date, currency), per row.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int InvoiceRowParser()
    {
        var valid = 0;
        foreach (var record in _records)
        {
            if (_parser.Parse(record, _problems) is not null)
            {
                valid++;
            }
        }
        return valid;
    }

    [Benchmark]
    public decimal ErpNumberPlain() => ErpNumber.TryParse("1234.56", DecimalSeparator.Point, out var value, out _) ? value : -1;

    [Benchmark]
    public decimal ErpNumberGrouped() => ErpNumber.TryParse("1.234.567,89-", DecimalSeparator.Comma, out var value, out _) ? value : -1;

    [Benchmark]
    public DateOnly ErpDateIso() => ErpDate.TryParse("2024-03-05", DateOrder.Unknown, out var value, out _) ? value.Date : default;

    [Benchmark]
    public DateOnly ErpDateWithTime() => ErpDate.TryParse("05/03/2024 14:30:00 +01:00", DateOrder.DayFirst, out var value, out _) ? value.Date : default;
}
