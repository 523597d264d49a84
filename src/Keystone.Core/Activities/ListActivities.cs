using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public sealed record ActivityListItem(
    Guid Id,
    Guid AccountId,
    string AccountName,
    string Type,
    string Status,
    DateTimeOffset StartsAt,
    string TimeZone,
    int DurationMinutes,
    string Subject,
    Guid OwnerId);

public static class ListActivities
{
    public sealed record Query
    {
        public Guid? AccountId { get; init; }
        public string? Type { get; init; }
        public string? Status { get; init; }
        public DateTimeOffset? From { get; init; }
        public DateTimeOffset? To { get; init; }

        /// <summary>"me": only activities the caller owns or took part in.</summary>
        public string? Participant { get; init; }

        /// <summary>startsAt (default) or -startsAt.</summary>
        public string? Sort { get; init; }
        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    public static async Task<Page<ActivityListItem>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        var pageSize = Paging.CheckPageSize(query.PageSize);
        var v = new Validator();
        var activities = db.Activities.AsNoTracking();
        if (query.AccountId is { } accountId)
        {
            activities = activities.Where(a => a.AccountId == accountId);
        }
        if (query.Type is not null && ActivityInput.Parse<ActivityType>(v, "type", query.Type, required: false) is { } type)
        {
            activities = activities.Where(a => a.Type == type);
        }
        if (query.Status is not null && ActivityInput.Parse<ActivityStatus>(v, "status", query.Status, required: false) is { } status)
        {
            activities = activities.Where(a => a.Status == status);
        }
        if (query.From is { } from)
        {
            activities = activities.Where(a => a.StartsAt >= from.ToUniversalTime());
        }
        if (query.To is { } to)
        {
            activities = activities.Where(a => a.StartsAt < to.ToUniversalTime());
        }
        if (query.Participant is not null)
        {
            if (query.Participant != "me")
            {
                v.Add("participant", $"'{query.Participant}' is not a participant filter; use participant=me.");
            }
            var me = db.Actor.UserId ?? Guid.Empty;
            activities = activities.Where(a => a.OwnerId == me || a.Participants.Any(p => p.UserId == me));
        }
        var descending = query.Sort is null or "-startsAt";
        if (query.Sort is not (null or "startsAt" or "-startsAt"))
        {
            v.Add("sort", $"Cannot sort by '{query.Sort}'; use startsAt, or -startsAt for the newest first (the default).");
        }
        v.ThrowIfInvalid();
        var keyset = new Keyset<Activity>("startsAt", descending, (System.Linq.Expressions.Expression<Func<Activity, DateTimeOffset>>)(a => a.StartsAt), a => a.Id);
        var total = await activities.CountAsync(ct);
        var rows = await keyset.Apply(activities, query.PageToken).Take(pageSize).ToListAsync(ct);
        var accountIds = rows.Select(a => a.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var items = rows.Select(a => new ActivityListItem(
            a.Id, a.AccountId, accounts.GetValueOrDefault(a.AccountId, ""), a.Type.ToIdentifier(), a.Status.ToIdentifier(),
            a.StartsAt, a.TimeZone, a.DurationMinutes, a.Subject, a.OwnerId)).ToList();
        return new Page<ActivityListItem>(items, keyset.NextToken(rows, pageSize), total);
    }
}
