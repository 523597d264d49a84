namespace Keystone.Core.Revenue;

/// <summary>Column sizes that the model and the importer's validation share.</summary>
internal static class RevenueLimits
{
    public const int Source = 50;
    public const int InvoiceNumber = 100;
    public const int LineKey = 50;
    public const int ProductCode = 100;
    public const int Name = 200;
    public const int Category = 100;
    public const int Unit = 20;
    public const int ExternalId = 200;
    public const int SourceTimestamp = 40;

    /// <summary>Unit prices, unit costs and amounts: <c>numeric(19,4)</c>.</summary>
    public const int MoneyScale = 4;

    /// <summary>Quantities and rates: <c>numeric(28,10)</c>.</summary>
    public const int QuantityScale = 10;

    /// <summary>The largest amount whose ten-thousandths still fit a <see cref="long"/>, with room for sums.</summary>
    public const decimal MaxAmount = 100_000_000_000_000m;
}
