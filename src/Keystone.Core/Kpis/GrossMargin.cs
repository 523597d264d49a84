namespace Keystone.Core.Kpis;

/// <summary>
/// An invoice line as gross margin sees it (KPIS.md, "Profitability"), in the reporting currency.
/// </summary>
/// <param name="UnitCost">The unit cost written on the invoice line, when there is one.</param>
/// <param name="StandardUnitCost">The fallback: the product's standard cost for the line's date, when known.</param>
public readonly record struct MarginLine(decimal Quantity, decimal UnitPrice, decimal? UnitCost, decimal? StandardUnitCost)
{
    /// <summary>The line's unit cost, else the product's standard cost; null when neither is known.</summary>
    public decimal? EffectiveUnitCost => UnitCost ?? StandardUnitCost;

    public decimal Revenue => Quantity * UnitPrice;

    /// <summary><c>(unit price − unit cost) × quantity</c>; null when the line has no cost at all.</summary>
    public decimal? Margin => EffectiveUnitCost is { } cost ? (UnitPrice - cost) * Quantity : null;
}

/// <summary>
/// <c>GM(P) = Σ (unit price − unit cost) × quantity</c> over a scope's lines in <c>P</c> (KPIS.md,
/// "Profitability").
/// </summary>
/// <remarks>
/// KPIS.md does not say what a line with neither a unit cost nor a standard cost contributes. Counting
/// it at cost 0 would overstate a figure people are paid on, so such lines are counted apart and make
/// <see cref="Value"/> null ("—") until their cost is known; <see cref="CostedAmount"/> keeps the sum
/// over the other lines for a screen that wants to say how much is missing.
/// </remarks>
/// <param name="CostedAmount">The margin of the lines whose cost is known.</param>
/// <param name="UncostedLines">How many lines have no cost at all.</param>
public readonly record struct GrossMargin(decimal CostedAmount, int UncostedLines)
{
    /// <summary>The gross margin; null while some line has no cost.</summary>
    public decimal? Value => UncostedLines == 0 ? CostedAmount : null;

    public static GrossMargin Compute(ReadOnlySpan<MarginLine> lines)
    {
        decimal amount = 0;
        var uncosted = 0;
        foreach (ref readonly var line in lines)
        {
            if (line.Margin is { } margin)
            {
                amount += margin;
            }
            else
            {
                uncosted++;
            }
        }
        return new(amount, uncosted);
    }

    /// <summary><c>(GM(P) − GM(P-1)) / |GM(P-1)|</c>; null when either margin is unknown or <c>GM(P-1)</c> is 0.</summary>
    public static decimal? Growth(GrossMargin current, GrossMargin previous) =>
        current.Value is { } c && previous.Value is { } p ? KpiMath.Growth(c, p) : null;

    public static GrossMargin operator +(GrossMargin left, GrossMargin right) => Add(left, right);

    /// <summary>The margins of two disjoint sets of lines taken together.</summary>
    public static GrossMargin Add(GrossMargin left, GrossMargin right) =>
        new(left.CostedAmount + right.CostedAmount, left.UncostedLines + right.UncostedLines);
}
