using System.Globalization;

namespace Keystone.Core.Kpis;

/// <summary>
/// <see cref="KpiSnapshot"/> as CSV rows: invariant culture, rates as fractions with 4 decimals
/// (<c>0.3644</c>), revenue with 2, an empty field where a KPI is undefined. No field can hold a comma
/// or a quote, so none is quoted.
/// </summary>
public static class KpiCsv
{
    public const string Header = "period,active,retained,new,reactivated,retention,logo_churn,grr,nrr,revenue,additional_offerings";

    public static string FormatRow(KpiSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var customers = snapshot.Customers;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{snapshot.Period},{customers.End},{customers.Retained},{customers.New},{customers.Reactivated},{Display(snapshot.RetentionRate, 4):0.0000},{Display(snapshot.LogoChurnRate, 4):0.0000},{Display(snapshot.Grr, 4):0.0000},{Display(snapshot.Nrr, 4):0.0000},{Display(snapshot.NetRevenue, 2):0.00},{snapshot.AdditionalOfferings}");
    }

    // A null rate is an empty field. A small negative amount rounds to a zero that keeps its sign
    // (-0.00); it is written as plain 0.
    private static decimal? Display(decimal? value, int decimals) =>
        value is { } v ? WithoutSign(KpiMath.Round(v, decimals)) : null;

    private static decimal WithoutSign(decimal rounded) => rounded == 0 ? 0m : rounded;
}
