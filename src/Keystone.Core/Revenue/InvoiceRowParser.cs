using System.Globalization;
using Keystone.Core.Kpis;

// BenchmarkDotNet measures the reader and the parser directly (bench/Hot).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Keystone.Bench.Hot")]

namespace Keystone.Core.Revenue;

/// <summary>The fields of one row, read and checked, before customers, products and rates are looked up.</summary>
internal sealed class ParsedRow
{
    public string InvoiceNumber { get; set; } = "";
    public string? LineKey { get; set; }
    public DateOnly InvoiceDate { get; set; }
    public DateTimeOffset? InvoicedAt { get; set; }
    public string? SourceTimestamp { get; set; }
    public string? CustomerId { get; set; }
    public string? CustomerName { get; set; }
    public string? Country { get; set; }
    public string ProductCode { get; set; } = "";
    public string? ProductName { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public string Currency { get; set; } = "";
    public decimal? UnitCost { get; set; }
}

/// <summary>The file-wide reading of numbers and dates, given by the caller or decided from the first rows.</summary>
/// <param name="DecidedBy">The value and row that decided, for messages; null when the caller chose or nothing decided.</param>
internal sealed record ValueFormats(DecimalSeparator Decimal, DateOrder DateOrder, string? DecimalDecidedBy, string? DateOrderDecidedBy);

/// <summary>
/// Reads one row of an invoice file into a <see cref="ParsedRow"/>, or says for each bad cell which
/// column and why. Pure: the importer looks up customers, products and rates afterwards.
/// </summary>
internal sealed class InvoiceRowParser
{
    private readonly int? _invoice, _date, _customer, _product, _productName, _quantity, _unitPrice, _line, _customerName, _country, _currency, _unitCost;
    private readonly IReadOnlyList<string> _headers;
    private readonly string _defaultCurrency;
    private readonly TimeZoneInfo _sourceZone;
    private readonly TimeZoneInfo _reportingZone;

    public InvoiceRowParser(IReadOnlyList<string> headers, InvoiceColumns columns, ValueFormats formats, string defaultCurrency, TimeZoneInfo sourceZone, TimeZoneInfo reportingZone)
    {
        _headers = headers;
        Formats = formats;
        _defaultCurrency = defaultCurrency;
        _sourceZone = sourceZone;
        _reportingZone = reportingZone;
        var index = Resolve(headers, columns);
        _invoice = index[InvoiceColumns.InvoiceField];
        _date = index[InvoiceColumns.DateField];
        _customer = index[InvoiceColumns.CustomerField];
        _product = index[InvoiceColumns.ProductField];
        _productName = index.GetValueOrDefault(InvoiceColumns.ProductNameField);
        _quantity = index.GetValueOrDefault(InvoiceColumns.QuantityField);
        _unitPrice = index[InvoiceColumns.UnitPriceField];
        _line = index.GetValueOrDefault(InvoiceColumns.LineField);
        _customerName = index.GetValueOrDefault(InvoiceColumns.CustomerNameField);
        _country = index.GetValueOrDefault(InvoiceColumns.CountryField);
        _currency = index.GetValueOrDefault(InvoiceColumns.CurrencyField);
        _unitCost = index.GetValueOrDefault(InvoiceColumns.UnitCostField);
    }

    public ValueFormats Formats { get; }

    public bool HasLineColumn => _line is not null;

    /// <summary>The column of each mapped field.</summary>
    /// <exception cref="InvoiceFileException">A mapped column is not in the header, or is there twice.</exception>
    public static Dictionary<string, int?> Resolve(IReadOnlyList<string> headers, InvoiceColumns columns)
    {
        var index = new Dictionary<string, int?>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (field, column) in columns.Pairs())
        {
            var matches = headers.Select((h, i) => (h, i)).Where(x => string.Equals(x.h, column.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
            {
                problems.Add($"column '{column}' ({field}) is not in the file");
            }
            else if (matches.Count > 1)
            {
                problems.Add($"column '{column}' ({field}) is in the file {matches.Count} times; rename the copies");
            }
            else
            {
                index[field] = matches[0].i;
            }
        }
        if (problems.Count > 0)
        {
            throw new InvoiceFileException(
                $"The mapping does not fit the file: {string.Join("; ", problems)}. The file's columns are: {string.Join(", ", headers.Select(h => $"'{h}'"))}.");
        }
        return index;
    }

    /// <summary>The cells that tell the file's decimal separator and date order, for <see cref="DecideFormats"/>.</summary>
    public static ValueFormats DecideFormats(IReadOnlyList<string> headers, InvoiceColumns columns, IEnumerable<SourceRecord> sample, DecimalSeparator givenDecimal, DateOrder givenOrder)
    {
        var index = Resolve(headers, columns);
        int[] numeric = [.. new[] { InvoiceColumns.QuantityField, InvoiceColumns.UnitPriceField, InvoiceColumns.UnitCostField }
            .Select(f => index.GetValueOrDefault(f)).OfType<int>()];
        var dateColumn = index[InvoiceColumns.DateField]!.Value;
        var separator = givenDecimal;
        var order = givenOrder;
        string? separatorBy = null, orderBy = null;
        foreach (var record in sample)
        {
            if (separator == DecimalSeparator.Unknown)
            {
                foreach (var i in numeric)
                {
                    if (record.Cells[i] is string text && ErpNumber.Evidence(text) is var evidence and not DecimalSeparator.Unknown)
                    {
                        separator = evidence;
                        separatorBy = $"'{text.Trim()}' in row {record.Row}, column '{headers[i]}'";
                        break;
                    }
                }
            }
            if (order == DateOrder.Unknown && record.Cells[dateColumn] is string date && ErpDate.Evidence(date) is var dateEvidence and not DateOrder.Unknown)
            {
                order = dateEvidence;
                orderBy = $"'{date.Trim()}' in row {record.Row}";
            }
            if (separator != DecimalSeparator.Unknown && order != DateOrder.Unknown)
            {
                break;
            }
        }
        return new ValueFormats(separator, order, separatorBy, orderBy);
    }

    public ParsedRow? Parse(SourceRecord record, List<RowProblem> problems)
    {
        problems.Clear();
        if (record.Problem is { } whole)
        {
            problems.Add(new RowProblem(record.Row, "", $"The row {whole}."));
            return null;
        }
        var row = new ParsedRow
        {
            InvoiceNumber = Text(record, _invoice, "Invoice number", RevenueLimits.InvoiceNumber, required: true, problems) ?? "",
            CustomerId = Text(record, _customer, "Customer id", RevenueLimits.ExternalId, required: false, problems),
            CustomerName = Text(record, _customerName, "Customer name", RevenueLimits.Name, required: false, problems),
            ProductCode = Text(record, _product, "Product code", RevenueLimits.ProductCode, required: true, problems) ?? "",
            ProductName = Text(record, _productName, "Product name", RevenueLimits.Name, required: false, problems),
            Country = CountryCode(Text(record, _country, "Country", 100, required: false, problems)),
        };
        if (_line is { } line)
        {
            var key = Text(record, line, "Line number", RevenueLimits.LineKey, required: true, problems);
            // 0010 and 10 are the same line number; other keys are kept as written.
            row.LineKey = key is not null && !key.AsSpan().ContainsAnyExceptInRange('0', '9') ? key.TrimStart('0') is { Length: > 0 } k ? k : "0" : key;
        }
        row.Quantity = _quantity is { } q ? Number(record, q, "Quantity", RevenueLimits.QuantityScale, required: true, problems) ?? 0 : 1;
        row.UnitPrice = Number(record, _unitPrice!.Value, "Unit price", RevenueLimits.MoneyScale, required: true, problems) ?? 0;
        row.UnitCost = _unitCost is { } c ? Number(record, c, "Unit cost", RevenueLimits.MoneyScale, required: false, problems) : null;
        row.Currency = CurrencyCode(record, problems);
        ReadDate(record, row, problems);
        return problems.Count == 0 ? row : null;
    }

    private string Header(int? column) => column is { } i ? _headers[i] : "";

    private string? Text(SourceRecord record, int? column, string label, int maxLength, bool required, List<RowProblem> problems)
    {
        if (column is not { } i)
        {
            return null;
        }
        var text = RejectsWriter.Text(record.Cells[i]).Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                problems.Add(new RowProblem(record.Row, _headers[i], $"{label} is empty."));
            }
            return null;
        }
        if (text.Length > maxLength)
        {
            problems.Add(new RowProblem(record.Row, _headers[i], $"{label} is {text.Length} characters long; Keystone keeps at most {maxLength}."));
            return null;
        }
        return text;
    }

    private decimal? Number(SourceRecord record, int column, string label, int scale, bool required, List<RowProblem> problems)
    {
        var cell = record.Cells[column];
        var header = _headers[column];
        decimal value;
        switch (cell)
        {
            case null or "" when !required:
                return null;
            case string s when s.Trim().Length == 0 && !required:
                return null;
            case double d:
                if (!double.IsFinite(d) || !decimal.TryParse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    problems.Add(new RowProblem(record.Row, header, $"'{d}' is not a number Keystone can store."));
                    return null;
                }
                break;
            case DateTime:
                problems.Add(new RowProblem(record.Row, header, $"'{RejectsWriter.Text(cell)}' is a date, not a number; format the column as numbers."));
                return null;
            default:
                var text = RejectsWriter.Text(cell);
                if (!ErpNumber.TryParse(text, Formats.Decimal, out value, out var error))
                {
                    var how = Formats.DecimalDecidedBy is { } by && error is not null && error.Contains("decimal separator", StringComparison.Ordinal)
                        ? $" (the file's decimal separator was decided by {by})"
                        : "";
                    problems.Add(new RowProblem(record.Row, header, text.Trim().Length == 0 ? $"{label} is empty." : $"'{text.Trim()}' {error}{how}."));
                    return null;
                }
                break;
        }
        if (ErpNumber.FitScale(value, scale) is not { } fitted)
        {
            problems.Add(new RowProblem(record.Row, header, $"'{value.ToString(CultureInfo.InvariantCulture)}' has more than {scale} decimals; Keystone keeps {scale} and does not round imported values."));
            return null;
        }
        if (Math.Abs(fitted) >= RevenueLimits.MaxAmount)
        {
            problems.Add(new RowProblem(record.Row, header, $"'{value.ToString(CultureInfo.InvariantCulture)}' is too large."));
            return null;
        }
        return fitted;
    }

    private string CurrencyCode(SourceRecord record, List<RowProblem> problems)
    {
        if (_currency is not { } i || RejectsWriter.Text(record.Cells[i]).Trim() is not { Length: > 0 } code)
        {
            return _defaultCurrency;
        }
        code = code.ToUpperInvariant();
        if (code.Length != 3 || !Common.Currencies.IsKnown(code))
        {
            problems.Add(new RowProblem(record.Row, _headers[i], $"'{code}' is not an ISO 4217 currency code such as EUR, USD or JPY."));
        }
        return code;
    }

    private void ReadDate(SourceRecord record, ParsedRow row, List<RowProblem> problems)
    {
        var i = _date!.Value;
        var cell = record.Cells[i];
        var header = _headers[i];
        ErpTimestamp stamp;
        switch (cell)
        {
            case DateTime t:
                // A workbook cannot tell a date from midnight: a date cell at 00:00 is a calendar date.
                stamp = new ErpTimestamp(DateOnly.FromDateTime(t), t.TimeOfDay == TimeSpan.Zero ? null : TimeOnly.FromDateTime(t), null);
                break;
            case double:
                problems.Add(new RowProblem(record.Row, header, $"'{RejectsWriter.Text(cell)}' is a number, not a date; format the column as dates."));
                return;
            default:
                var text = RejectsWriter.Text(cell);
                if (!ErpDate.TryParse(text, Formats.DateOrder, out stamp, out var error))
                {
                    problems.Add(new RowProblem(record.Row, header, text.Trim().Length == 0 ? "Date is empty." : $"'{text.Trim()}' {error}."));
                    return;
                }
                break;
        }
        var original = RejectsWriter.Text(cell).Trim();
        row.SourceTimestamp = original.Length > RevenueLimits.SourceTimestamp ? original[..RevenueLimits.SourceTimestamp] : original;
        if (stamp.Time is not { } time)
        {
            row.InvoiceDate = stamp.Date;
            row.InvoicedAt = null;
            return;
        }
        var local = stamp.Date.ToDateTime(time, DateTimeKind.Unspecified);
        DateTimeOffset instant;
        if (stamp.Offset is { } offset)
        {
            instant = new DateTimeOffset(local, offset);
        }
        else if (_sourceZone.IsInvalidTime(local))
        {
            problems.Add(new RowProblem(record.Row, header, $"'{original}' does not exist in {_sourceZone.Id}: the clocks were put forward then. Give the time with its offset from UTC."));
            return;
        }
        else
        {
            // An ambiguous time (the hour the clocks go back) is read in standard time.
            instant = new DateTimeOffset(local, _sourceZone.GetUtcOffset(local));
        }
        row.InvoicedAt = instant.ToUniversalTime();
        row.InvoiceDate = ReportingCalendar.LocalDate(instant, _reportingZone);
    }

    private static readonly Lazy<Dictionary<string, string>> CountryNames = new(() =>
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }
            if (region.TwoLetterISORegionName is not { Length: 2 } code || !char.IsLetter(code[0]))
            {
                continue;
            }
            foreach (var name in new[] { code, region.ThreeLetterISORegionName, region.EnglishName, region.NativeName, region.DisplayName })
            {
                names.TryAdd(name, code);
            }
        }
        return names;
    });

    /// <summary>An ISO 3166 code from a code or an English or native country name; null when unknown (the country is only a hint for a new account).</summary>
    private static string? CountryCode(string? text) =>
        text is null ? null : CountryNames.Value.GetValueOrDefault(text.Trim());
}
