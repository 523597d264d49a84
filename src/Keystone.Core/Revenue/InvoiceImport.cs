using System.Text.Json.Serialization;

namespace Keystone.Core.Revenue;

/// <summary>Written as lowercase text in the API, like every other status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImportStatus>))]
public enum ImportStatus
{
    /// <summary>The lines were written (with <c>skipInvalid</c>, the valid ones).</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Rows were rejected and the caller did not ask to import the others: nothing was written.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>One run of the invoice importer over one file, and what it did.</summary>
public sealed class InvoiceImport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Source { get; set; } = "";

    /// <summary>The file's name, without its folder.</summary>
    public string FileName { get; set; } = "";

    /// <summary>SHA-256 of the file's bytes, in lower-case hex: tells a file imported before.</summary>
    public string Sha256 { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public ImportStatus Status { get; set; }

    /// <summary>Who ran the import; null for the system (the CLI without <c>--as</c>).</summary>
    public Guid? ImportedById { get; set; }

    /// <summary>The currency the lines' amounts were converted to.</summary>
    public string ReportingCurrency { get; set; } = "";

    public long LinesRead { get; set; }
    public long LinesImported { get; set; }

    /// <summary>Valid lines that were already stored, or repeated within the file.</summary>
    public long LinesDuplicate { get; set; }

    public long LinesRejected { get; set; }
    public int UnmatchedCustomers { get; set; }
    public int ProductsCreated { get; set; }
    public int AccountsCreated { get; set; }
}
