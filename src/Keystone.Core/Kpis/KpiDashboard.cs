using System.Globalization;
using Keystone.Core.Common;
using Keystone.Core.Data;

namespace Keystone.Core.Kpis;

/// <summary>One period of a dashboard's trend: the KPI row and the scope's meetings and calls.</summary>
public sealed record DashboardPeriod(KpiRow Kpis, int MeetingsAndCalls);

/// <summary>A scope's dashboard: the last <see cref="KpiDashboard.Periods"/> periods ending with <see cref="To"/>, oldest first.</summary>
public sealed record KpiDashboardResult(string Scope, string Granularity, string To, IReadOnlyList<DashboardPeriod> Periods);

/// <summary>
/// The dashboard of a scope (the company's for those who see every account): the KPIs of the last 24
/// periods and the meetings and calls of each, from the same engine as <c>GET /api/v1/kpis</c>.
/// </summary>
public static class KpiDashboard
{
    public const int Periods = 24;

    /// <exception cref="ValidationException">scope, period or to is not understood.</exception>
    public static async Task<KpiDashboardResult> HandleAsync(
        KeystoneDbContext db, string? scope, string? period, string? to, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (parsedScope, last) = KpiInput.Parse(db, scope, period, to, zone);
        var first = last.Offset(-(Periods - 1));
        var request = new KpiRequest(parsedScope, last.Granularity, first, last);
        var resolved = await KpiQuery.ResolveScopeAsync(db, parsedScope, ct);
        var results = await KpiQuery.HandleAsync(db, request, resolved, ct);
        var meetings = await ScopeMeetingsAndCalls.CountAsync(db, resolved, [.. results.Select(r => r.Snapshot.Period)], zone, ct);
        return new KpiDashboardResult(
            parsedScope.ToString(),
            KpiInput.Name(last.Granularity),
            last.ToString(),
            [.. results.Select((r, i) => new DashboardPeriod(KpiRow.From(r), meetings[i]))]);
    }
}

/// <summary>The inputs the dashboards share: a scope, a period length and one period, with defaults.</summary>
public static class KpiInput
{
    public static string Name(PeriodGranularity granularity) => granularity.ToString().ToLowerInvariant();

    /// <summary>
    /// The scope (company when empty) and the period <paramref name="at"/> of the length
    /// <paramref name="period"/> (month when empty) that holds it; when <paramref name="at"/> is empty, the
    /// last whole period before today in the reporting time zone (a period under way would read as churn).
    /// </summary>
    /// <exception cref="ValidationException">Each wrong field is named: scope, period, the field of <paramref name="at"/>.</exception>
    public static (KpiScope Scope, Period Period) Parse(
        KeystoneDbContext db, string? scope, string? period, string? at, TimeZoneInfo zone, string atField = "to")
    {
        ArgumentNullException.ThrowIfNull(db);
        var v = new Validator();
        KpiScope parsedScope = KpiScope.Company;
        if (!string.IsNullOrWhiteSpace(scope))
        {
            try
            {
                parsedScope = KpiScope.Parse(scope);
            }
            catch (ValidationException e)
            {
                foreach (var message in e.Errors.SelectMany(x => x.Value))
                {
                    v.Add("scope", message);
                }
            }
        }
        var granularity = Granularity(v, period);
        Period result = default;
        if (string.IsNullOrWhiteSpace(at))
        {
            result = LastWhole(db.Clock, zone, granularity);
        }
        else if (Period.TryParse(at.Trim(), CultureInfo.InvariantCulture, out var parsed))
        {
            result = Period.For(parsed.LastDay, granularity);
        }
        else
        {
            v.Add(atField, $"'{at}' is not a period; write a month as 2025-03 (a quarter as 2025-Q1 or a year as 2025 work too), or leave it out for the last whole {Name(granularity)}.");
        }
        v.ThrowIfInvalid();
        return (parsedScope, result);
    }

    public static PeriodGranularity Granularity(Validator v, string? period)
    {
        ArgumentNullException.ThrowIfNull(v);
        switch (period?.Trim().ToLowerInvariant())
        {
            case null or "" or "month":
                return PeriodGranularity.Month;
            case "quarter":
                return PeriodGranularity.Quarter;
            case "year":
                return PeriodGranularity.Year;
            default:
                v.Add("period", $"'{period}' is not a period length; use month, quarter or year.");
                return PeriodGranularity.Month;
        }
    }

    /// <summary>The last whole period before the one under way today in <paramref name="zone"/>.</summary>
    public static Period LastWhole(TimeProvider clock, TimeZoneInfo zone, PeriodGranularity granularity)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var today = ReportingCalendar.LocalDate(clock.GetUtcNow(), zone);
        return Period.For(today, granularity).Previous();
    }
}
