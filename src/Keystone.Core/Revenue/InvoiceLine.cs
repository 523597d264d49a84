using Keystone.Core.Accounts;

namespace Keystone.Core.Revenue;

/// <summary>
/// One line of an invoice or credit note from the ERP, the raw material of every revenue KPI. Lines
/// are only ever written by an import, in bulk; <c>(Source, InvoiceNumber, LineKey)</c> is unique, so
/// a line counts once however often a file holding it is imported.
/// </summary>
public sealed class InvoiceLine
{
    private Guid _lineId;

    /// <summary>
    /// A version 7 Guid, made when first read unless set before: the import sets cheaper ones of its own
    /// (<see cref="Guid.CreateVersion7()"/> reads the clock and the system's randomness for each id).
    /// </summary>
    public Guid Id
    {
        get => _lineId == Guid.Empty ? _lineId = Guid.CreateVersion7() : _lineId;
        set => _lineId = value;
    }

    /// <summary>The customer's account; null while the customer is not matched (unattributed revenue, KPIS.md).</summary>
    public Guid? AccountId { get; set; }

    /// <summary>The system the line came from, in lower case, such as "erp".</summary>
    public string Source { get; set; } = "";

    public string InvoiceNumber { get; set; } = "";

    /// <summary>The line's number on the invoice when the file has one, else its 1-based position among the invoice's rows in the file.</summary>
    public string LineKey { get; set; } = "";

    /// <summary>The calendar date of the line in the reporting time zone: the period it counts in.</summary>
    public DateOnly InvoiceDate { get; set; }

    /// <summary>The instant of the line when the file gave a time (a naive time is read in the source's time zone); null for a date alone.</summary>
    public DateTimeOffset? InvoicedAt { get; set; }

    /// <summary>The date cell as the file wrote it, so that a reader can check how it was understood.</summary>
    public string? SourceTimestamp { get; set; }

    /// <summary>The customer's id in the source system, as given; null when the line names no customer.</summary>
    public string? CustomerExternalId { get; set; }

    public string? CustomerName { get; set; }

    public Guid ProductId { get; set; }

    /// <summary>Negative on credit notes and cancellations.</summary>
    public decimal Quantity { get; set; }

    /// <summary>In <see cref="Currency"/>.</summary>
    public decimal UnitPrice { get; set; }

    /// <summary>ISO 4217 code of the invoice.</summary>
    public string Currency { get; set; } = "";

    /// <summary>The unit cost the ERP wrote on the line, in <see cref="Currency"/>; null when it gave none (the product's standard cost applies).</summary>
    public decimal? UnitCost { get; set; }

    /// <summary>The value of one unit of <see cref="Currency"/> in the reporting currency on <see cref="InvoiceDate"/>, as used at import.</summary>
    public decimal ExchangeRate { get; set; }

    /// <summary><c>Quantity × UnitPrice × ExchangeRate</c> in the reporting currency, to 4 decimals (half away from zero).</summary>
    public decimal Amount { get; set; }

    /// <summary><see cref="Amount"/> in ten-thousandths, for exact and fast sums in SQL on SQLite (ADR 0004).</summary>
    public long AmountE4 { get; set; }

    /// <summary><c>Quantity × UnitCost × ExchangeRate</c> in the reporting currency, when the line has a unit cost.</summary>
    public decimal? CostAmount { get; set; }

    /// <summary><see cref="CostAmount"/> in ten-thousandths.</summary>
    public long? CostAmountE4 { get; set; }

    public Guid ImportId { get; set; }

    public Account? Account { get; set; }
}
