using Keystone.Core.Common;
using Keystone.Core.Revenue;

namespace Keystone.Core.Tests.Revenue;

public sealed class ErpValuesTests
{
    [Theory]
    [InlineData("1234.56", DecimalSeparator.Point, "1234.56")]
    [InlineData("1,234.56", DecimalSeparator.Point, "1234.56")]
    [InlineData("1.234,56", DecimalSeparator.Comma, "1234.56")]
    [InlineData("1 234,56", DecimalSeparator.Comma, "1234.56")]
    [InlineData("1'234.5", DecimalSeparator.Point, "1234.5")]
    [InlineData("12.50-", DecimalSeparator.Point, "-12.50")]
    [InlineData("(12,5)", DecimalSeparator.Comma, "-12.5")]
    [InlineData("-3", DecimalSeparator.Unknown, "-3")]
    [InlineData("1.234", DecimalSeparator.Comma, "1234")]
    [InlineData("1.234", DecimalSeparator.Point, "1.234")]
    [InlineData("0.125", DecimalSeparator.Unknown, "0.125")]
    [InlineData("1.234.567", DecimalSeparator.Unknown, "1234567")]
    public void Numbers_read_exactly_with_the_file_s_decimal_separator(string text, DecimalSeparator separator, string expected)
    {
        Assert.True(ErpNumber.TryParse(text, separator, out var value, out var error), error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("1,234", DecimalSeparator.Unknown, "could be read with '.' or with ','")]
    [InlineData("1.234,56", DecimalSeparator.Point, "group separator after the decimal separator")]
    [InlineData("12,34,5", DecimalSeparator.Point, "groups its digits unevenly")]
    [InlineData("€12", DecimalSeparator.Point, "is not a number")]
    [InlineData("1e3", DecimalSeparator.Point, "is not a number")]
    [InlineData("", DecimalSeparator.Point, "is empty")]
    public void Numbers_that_do_not_fit_are_refused_with_the_reason(string text, DecimalSeparator separator, string reason)
    {
        Assert.False(ErpNumber.TryParse(text, separator, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12.5", DecimalSeparator.Point)]
    [InlineData("1.234,5", DecimalSeparator.Comma)]
    [InlineData("1,234.5", DecimalSeparator.Point)]
    [InlineData("0,125", DecimalSeparator.Comma)]
    [InlineData("1.234", DecimalSeparator.Unknown)]
    [InlineData("1234", DecimalSeparator.Unknown)]
    public void A_value_tells_the_decimal_separator_only_when_it_cannot_be_read_otherwise(string text, DecimalSeparator expected) =>
        Assert.Equal(expected, ErpNumber.Evidence(text));

    [Theory]
    [InlineData("2024-03-05", DateOrder.Unknown, "2024-03-05", null, null)]
    [InlineData("20240305", DateOrder.Unknown, "2024-03-05", null, null)]
    [InlineData("05.03.2024", DateOrder.MonthFirst, "2024-03-05", null, null)]
    [InlineData("05/03/2024", DateOrder.DayFirst, "2024-03-05", null, null)]
    [InlineData("03/05/2024", DateOrder.MonthFirst, "2024-03-05", null, null)]
    [InlineData("05-Mar-2024", DateOrder.Unknown, "2024-03-05", null, null)]
    [InlineData("March 5, 2024", DateOrder.Unknown, "2024-03-05", null, null)]
    [InlineData("2010-10-14T12:00:00.000Z", DateOrder.Unknown, "2010-10-14", "12:00", 0)]
    [InlineData("07/15/2009 02:14:45+0800", DateOrder.Unknown, "2009-07-15", "02:14:45", 480)]
    [InlineData("2009-07-14T14:14:45+02:00", DateOrder.Unknown, "2009-07-14", "14:14:45", 120)]
    [InlineData("3/5/2024 2:30 PM", DateOrder.MonthFirst, "2024-03-05", "14:30", null)]
    public void Dates_read_as_erp_exports_write_them(string text, DateOrder order, string date, string? time, int? offsetMinutes)
    {
        Assert.True(ErpDate.TryParse(text, order, out var value, out var error), error);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), value.Date);
        Assert.Equal(time is null ? null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), value.Time);
        Assert.Equal(offsetMinutes is { } m ? TimeSpan.FromMinutes(m) : null, value.Offset);
    }

    [Theory]
    [InlineData("03/04/2024", "could be day/month or month/day")]
    [InlineData("2009\\7\\14 22:14:45+0800", "is not a date Keystone reads")]
    [InlineData("2009-07/14 02:14:45-0800", "is not a date Keystone reads")]
    [InlineData("2010-10-14T12:00:00.000Z-0300", "is not a date Keystone reads")]
    [InlineData("2023-02-29", "February 2023 has 28 days")]
    [InlineData("05.03.24", "is not a date Keystone reads")]
    [InlineData("2024-03-05Z", "has a time zone but no time")]
    public void Dates_that_do_not_fit_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(ErpDate.TryParse(text, DateOrder.Unknown, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_mapping_reads_and_writes_the_cli_form_and_names_what_is_wrong()
    {
        var columns = InvoiceColumns.Parse("invoice=Invoice No., date=Date, customer=Customer, product=Item, unit_price=Price, quantity=Qty");

        Assert.Equal("invoice=Invoice No.,date=Date,customer=Customer,product=Item,quantity=Qty,unit_price=Price", columns.ToString());
        var error = Assert.Throws<ValidationException>(() => InvoiceColumns.Parse("invoice=A,colour=B,date"));
        Assert.Equal(
            ["'colour' is not a field; use invoice, date, customer, product, product_name, quantity, unit_price, line, customer_name, country, currency, unit_cost.",
             "'date' is not field=column; write for example invoice=Invoice No.",
             "Map date, customer, product, unit_price too; invoice, date, customer, product, unit_price are required."],
            error.Errors["columns"]);
    }

    [Theory]
    [InlineData("12.3456", 123_456L)]
    [InlineData("-0.0001", -1L)]
    [InlineData("922337203685477.5807", long.MaxValue)]
    public void Scaled_money_is_exact(string amount, long scaled)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(scaled, ScaledMoney.ToE4(value));
        Assert.Equal(value, ScaledMoney.FromE4(scaled));
        Assert.Throws<ArgumentException>(() => ScaledMoney.ToE4(0.00001m));
    }
}
