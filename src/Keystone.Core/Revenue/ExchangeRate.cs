namespace Keystone.Core.Revenue;

/// <summary>
/// A daily rate: one unit of <see cref="Currency"/> is worth <see cref="Rate"/> units of
/// <see cref="ToCurrency"/>, the reporting currency when it was loaded. An import uses the latest
/// rate on or before a line's date.
/// </summary>
public sealed class ExchangeRate
{
    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = "";

    /// <summary>ISO 4217: the reporting currency the rate converts to.</summary>
    public string ToCurrency { get; set; } = "";

    public DateOnly Date { get; set; }

    public decimal Rate { get; set; }
}
