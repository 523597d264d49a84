using System.Globalization;
using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>
/// Completed meetings and calls starting in the period (KPIS.md, "Meetings and calls"). <see cref="Count"/>
/// is the KAM's own: those they own or joined. <see cref="TeamCount"/> counts those of the KAM and everyone
/// they manage, each activity once however many of them took part.
/// </summary>
public sealed record MeetingsAndCallsPeriod(string Period, DateTimeOffset Start, DateTimeOffset End, int Count, int TeamCount);

public sealed record MeetingsAndCallsReport(Guid UserId, string TimeZone, IReadOnlyList<MeetingsAndCallsPeriod> Periods);

public static class MeetingsAndCalls
{
    public const int MaxPeriods = 120;

    public sealed record Query
    {
        public required Guid UserId { get; init; }
        public string? Period { get; init; }
        public string? From { get; init; }
        public string? To { get; init; }
        public string? TimeZone { get; init; }
    }

    public static async Task<MeetingsAndCallsReport> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, ct))
        {
            throw new NotFoundException("User", query.UserId);
        }
        AccessRules.Demand(db.Actor.CanSeeActivityCountsOf(query.UserId), "You can see the meetings and calls of yourself and of the people you manage only.");
        var v = new Validator();
        var granularity = query.Period switch
        {
            null or "month" => PeriodGranularity.Month,
            "quarter" => PeriodGranularity.Quarter,
            "year" => PeriodGranularity.Year,
            _ => Invalid(v, "period", $"'{query.Period}' is not a period length; use month, quarter or year."),
        };
        var zone = MyWork.Zone(v, query.TimeZone);
        var from = ParsePeriod(v, "from", query.From, granularity);
        var to = ParsePeriod(v, "to", query.To, granularity);
        Period[] periods = [];
        if (v.IsValid)
        {
            if (to.Start < from.Start)
            {
                v.Add("to", $"The range ends ({to}) before it starts ({from}); swap the two.");
            }
            else
            {
                periods = Kpis.Period.Range(from, to);
                if (periods.Length > MaxPeriods)
                {
                    v.Add("to", $"That is {periods.Length} periods; ask for at most {MaxPeriods} at a time.");
                }
            }
        }
        v.ThrowIfInvalid();

        // The actor may see these counts (checked above) even where they cannot open every activity behind them.
        var team = await TeamOfAsync(db, query.UserId, ct);
        var start = MyWork.StartOf(periods[0].Start, zone);
        var end = MyWork.StartOf(periods[^1].End, zone);
        var rows = await db.Activities.IgnoreQueryFilters().AsNoTracking()
            .Where(a => (a.Type == ActivityType.Meeting || a.Type == ActivityType.Call) && a.Status == ActivityStatus.Completed)
            .Where(a => a.StartsAt >= start && a.StartsAt < end)
            .Where(a => team.Contains(a.OwnerId) || a.Participants.Any(p => team.Contains(p.UserId)))
            .Select(a => new
            {
                a.Id,
                a.StartsAt,
                Own = a.OwnerId == query.UserId || a.Participants.Any(p => p.UserId == query.UserId),
            })
            .ToListAsync(ct);
        var result = periods.Select(p =>
        {
            var pStart = MyWork.StartOf(p.Start, zone);
            var pEnd = MyWork.StartOf(p.End, zone);
            var inPeriod = rows.Where(r => r.StartsAt >= pStart && r.StartsAt < pEnd).ToList();
            return new MeetingsAndCallsPeriod(p.ToString(), pStart, pEnd, inPeriod.Count(r => r.Own), inPeriod.Select(r => r.Id).Distinct().Count());
        }).ToList();
        return new MeetingsAndCallsReport(query.UserId, zone.Id, result);
    }

    private static async Task<List<Guid>> TeamOfAsync(KeystoneDbContext db, Guid userId, CancellationToken ct)
    {
        var managers = await db.Users.AsNoTracking().Where(u => u.ManagerId != null).Select(u => new { u.Id, ManagerId = u.ManagerId!.Value }).ToListAsync(ct);
        var byManager = managers.ToLookup(m => m.ManagerId, m => m.Id);
        var team = new List<Guid> { userId };
        for (var i = 0; i < team.Count; i++)
        {
            team.AddRange(byManager[team[i]].Where(id => !team.Contains(id)));
        }
        return team;
    }

    private static Period ParsePeriod(Validator v, string field, string? value, PeriodGranularity granularity)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, $"Name the {(field == "from" ? "first" : "last")} period, such as 2026-01, 2026-Q1 or 2026.");
            return default;
        }
        if (!Kpis.Period.TryParse(value, CultureInfo.InvariantCulture, out var period) || period.Granularity != granularity)
        {
            v.Add(field, $"'{value}' is not a {granularity.ToString().ToLowerInvariant()}; write a month as 2026-01, a quarter as 2026-Q1 and a year as 2026, matching 'period'.");
        }
        return period;
    }

    private static PeriodGranularity Invalid(Validator v, string field, string message)
    {
        v.Add(field, message);
        return PeriodGranularity.Month;
    }
}
