namespace Keystone.Core.Revenue;

/// <summary>How far an import has got: reported every few thousand rows and once at the end.</summary>
/// <param name="TotalBytes">The file's size; the fraction done and the time left are measured in bytes read.</param>
public readonly record struct ImportProgress(long LinesRead, long BytesRead, long TotalBytes, TimeSpan Elapsed, bool Writing = false)
{
    public double Fraction => TotalBytes <= 0 ? 0 : Math.Clamp((double)BytesRead / TotalBytes, 0, 1);

    public double LinesPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : LinesRead / Elapsed.TotalSeconds;

    /// <summary>The reading time left at the pace so far; null until a first stretch of the file is read.</summary>
    public TimeSpan? Remaining => Fraction is <= 0.001 or >= 1 ? null : Elapsed * ((1 - Fraction) / Fraction);
}
