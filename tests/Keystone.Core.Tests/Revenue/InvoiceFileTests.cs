using System.Text;
using Keystone.Core.Revenue;

namespace Keystone.Core.Tests.Revenue;

/// <summary>The reading stage on made-up files and on the Salesforce Data Loader test files (../shared/datasets).</summary>
public sealed class InvoiceFileTests
{
    private static async Task<(InvoiceFile File, List<SourceRecord> Records)> ReadAsync(byte[] bytes, string name = "f.csv")
    {
        var file = await InvoiceFile.OpenAsync(new MemoryStream(bytes), name);
        return (file, file.Records().ToList());
    }

    [Fact]
    public async Task Quotes_line_breaks_and_blank_lines_are_read_with_the_line_each_record_starts_on()
    {
        var (file, records) = await ReadAsync(Encoding.UTF8.GetBytes("a;b;c\r\n1;\"x;\"\"y\"\"\";3\r\n\r\n2;\"two\nlines\";4\n5;\"bad\"x;6\n7;8;9;10\n"));

        Assert.Equal(["a", "b", "c"], file.Headers);
        Assert.Equal(';', file.Delimiter);
        Assert.Equal([2L, 4L, 6L, 7L], records.Select(r => r.Row));
        Assert.Equal(["1", "x;\"y\"", "3"], records[0].Cells);
        Assert.Equal("two\nlines", records[1].Cells[1]);
        Assert.Equal("text follows the closing quote of a field", records[2].Problem);
        Assert.StartsWith("has 4 fields but the header has 3", records[3].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_read_as_windows_1252()
    {
        var (file, records) = await ReadAsync([.. "name,city\nJos"u8, 0xE9, .. ",M"u8, 0xFC, .. "nchen\n"u8]);

        Assert.Equal("CSV, Windows-1252, delimiter ','", file.Format);
        Assert.Equal(["José", "München"], records[0].Cells);
    }

    public static TheoryData<string, string, int> SalesforceFiles() => new()
    {
        { "acctsWithBinaryDataInRTF.csv", "CSV, UTF-8, delimiter ','", 1 },
        { "csvEscapedQuotes.csv", "CSV, UTF-8, delimiter ','", 2 },
        { "csvSeparator.csv", "CSV, UTF-8, delimiter ','", 2 },
        { "csvtext.csv", "CSV, UTF-8, delimiter ','", 2 },
        { "csvtext_BOM_UTF8.csv", "CSV, UTF-8 with BOM, delimiter ','", 2 },
        { "csvtext_BOM_UTF16LE.csv", "CSV, UTF-16 LE, delimiter ','", 2 },
        { "csvtext_BOM_UTF16BE.csv", "CSV, UTF-16 BE, delimiter ','", 2 },
        { "dateEndingInZ.csv", "CSV, UTF-8, delimiter ','", 1 },
        { "dateOnlyWithTimeZone.csv", "CSV, UTF-8, delimiter ','", 2 },
        { "dateUsingDefaultTimeZone.csv", "CSV, UTF-8, delimiter ','", 1 },
        { "dateWithTimeZone.csv", "CSV, UTF-8, delimiter ','", 2 },
        { "emptyFirstRowFieldValueInCsvTemplate.csv", "CSV, UTF-8, delimiter ','", 2 },
        { "insertTaskWithContactAsWhoCsv.csv", "CSV, UTF-8, delimiter ','", 1 },
        { "timeZoneFormatTesting.csv", "CSV, UTF-8, delimiter ','", 12 },
        { "timeZoneFormatTestingWithErrors.csv", "CSV, UTF-8, delimiter ','", 6 },
        { "upsertAccountCsvTemplate.csv", "CSV, UTF-8, delimiter ','", 100 },
    };

    [Theory, MemberData(nameof(SalesforceFiles))]
    public async Task Every_salesforce_test_file_reads_in_its_encoding_with_every_row_whole(string name, string format, int rows)
    {
        var (file, records) = await ReadAsync(await File.ReadAllBytesAsync(Datasets(name)), name);

        Assert.Equal(format, file.Format);
        Assert.Equal(rows, records.Count);
        Assert.All(records, r => Assert.Null(r.Problem));
        Assert.All(file.Headers, h => Assert.False(string.IsNullOrWhiteSpace(h)));
    }

    [Theory]
    [InlineData("csvtext_BOM_UTF32LE.csv")]
    [InlineData("csvtext_BOM_UTF32BE.csv")]
    public async Task The_files_with_broken_utf32_byte_order_marks_are_refused_with_a_clear_message(string name)
    {
        var error = await Assert.ThrowsAsync<InvoiceFileException>(() => ReadAsync(File.ReadAllBytes(Datasets(name)), name));

        Assert.Contains("holds NUL characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("Save it as CSV in UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dates_of_the_time_zone_test_files_are_read_or_refused_one_by_one()
    {
        var (_, good) = await ReadAsync(await File.ReadAllBytesAsync(Datasets("timeZoneFormatTesting.csv")));
        var (_, mixed) = await ReadAsync(await File.ReadAllBytesAsync(Datasets("timeZoneFormatTestingWithErrors.csv")));
        // "07/15/2009" can only be month first: that decides the order of the whole file.
        var order = ErpDate.Evidence((string)good[0].Cells[1]!);

        Assert.Equal(DateOrder.MonthFirst, order);
        Assert.All(good, r => Assert.True(ErpDate.TryParse((string)r.Cells[1]!, order, out _, out var error), $"{r.Cells[0]}: {error}"));
        Assert.Equal(["A", "B", "C", "F"], mixed.Where(r => ErpDate.TryParse((string)r.Cells[1]!, order, out _, out _)).Select(r => (string)r.Cells[0]!));
    }

    private static string Datasets(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Keystone.slnx")))
        {
            folder = folder.Parent;
        }
        Assert.True(folder is not null, $"No Keystone.slnx above {AppContext.BaseDirectory}: the tests must run from a Keystone checkout.");
        var path = Path.GetFullPath(Path.Combine(folder!.FullName, "..", "shared", "datasets", "salesforce_dataloader", "testfiles", name));
        Assert.True(File.Exists(path), $"The dataset file {path} is missing: these tests read the shared datasets beside the checkout (../shared/datasets, see MANIFEST.md there).");
        return path;
    }
}
