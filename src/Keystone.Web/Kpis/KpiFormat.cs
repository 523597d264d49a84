using System.Globalization;
using Keystone.Core.Kpis;

namespace Keystone.Web.Kpis;

/// <summary>How KPIs read on screen: rates as percentages with one decimal, money with two in the reporting currency, "—" where undefined.</summary>
public static class KpiFormat
{
    public const string Undefined = "—";

    public static string Percent(decimal? rate) =>
        rate is { } r ? KpiMath.Round(r * 100, 1).ToString("0.0", CultureInfo.InvariantCulture) + " %" : Undefined;

    public static string Money(decimal? amount, string currency) =>
        amount is { } a ? KpiMath.Round(a, 2).ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + currency : Undefined;

    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
