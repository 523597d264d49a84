using System.Globalization;
using System.Text.Json;
using Keystone.Core.Audit;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>
/// One entry of an account's timeline.
/// Kind is activity, task or change; At is when it sits on the timeline; Id is the entry's own id
/// (the activity's or task's id, or the audit entry's number); TargetType and TargetId name the record
/// a link should open (Activity, WorkTask, Account or Contact).
/// </summary>
public sealed record TimelineEntry(
    string Kind,
    DateTimeOffset At,
    string Id,
    string Title,
    string? Summary,
    string? Type,
    string? Status,
    string TargetType,
    Guid TargetId);

/// <summary>
/// The account's timeline: its activities, tasks and changes in one stream, newest first, a page at a time.
/// </summary>
/// <remarks>
/// An activity sits at its start; a task at the moment it was created (which never moves, unlike a due
/// date, so pages stay stable), and its completion shows as a change; a change at the time of its audit entry.
/// Entries are ordered by time, then kind (task, change, activity), then id, all descending; the page token
/// holds the last entry's (time, kind, id), and each source is read after that position, so paging is stable
/// across the three sources.
/// </remarks>
public static class GetAccountTimeline
{
    public const string Activity = "activity";
    public const string Task = "task";
    public const string Change = "change";

    public static readonly IReadOnlyList<string> Kinds = [Activity, Task, Change];

    public sealed record Query
    {
        public Guid AccountId { get; init; }

        /// <summary>Comma-separated kinds (activity, task, change); all when empty.</summary>
        public string? Kinds { get; init; }

        /// <summary>An activity type; only activities of that type are then listed among the activities.</summary>
        public string? Type { get; init; }
        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    private sealed record Token(long T, string K, string I);

    // Ties on time are broken by kind, descending: task, change, activity.
    private static int Rank(string kind) => kind switch { Task => 2, Change => 1, _ => 0 };

    public static async Task<Page<TimelineEntry>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        var pageSize = Paging.CheckPageSize(query.PageSize);
        var v = new Validator();
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in (query.Kinds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kind = raw.ToLowerInvariant();
            if (!Kinds.Contains(kind))
            {
                v.Add("kinds", $"'{raw}' is not a timeline kind; use activity, task or change, separated by commas.");
            }
            kinds.Add(kind);
        }
        if (kinds.Count == 0)
        {
            kinds.UnionWith(Kinds);
        }
        ActivityType? type = null;
        if (!string.IsNullOrEmpty(query.Type))
        {
            type = ActivityInput.Parse<ActivityType>(v, "type", query.Type, required: false);
        }
        var token = string.IsNullOrEmpty(query.PageToken) ? null : Decode(query.PageToken);
        v.ThrowIfInvalid();

        if (!await db.Accounts.AnyAsync(a => a.Id == query.AccountId, ct))
        {
            throw new NotFoundException(nameof(Accounts.Account), query.AccountId);
        }

        var accountId = query.AccountId;
        var take = pageSize + 1;
        var total = 0;
        var sources = new List<List<TimelineEntry>>();

        if (kinds.Contains(Activity))
        {
            var activities = db.Activities.AsNoTracking().Where(a => a.AccountId == accountId);
            if (type is { } t)
            {
                activities = activities.Where(a => a.Type == t);
            }
            total += await activities.CountAsync(ct);
            if (token is not null)
            {
                var at = new DateTimeOffset(token.T, TimeSpan.Zero);
                var cmp = Rank(Activity).CompareTo(Rank(token.K));
                if (cmp < 0)
                {
                    activities = activities.Where(a => a.StartsAt <= at);
                }
                else if (cmp > 0)
                {
                    activities = activities.Where(a => a.StartsAt < at);
                }
                else
                {
                    var id = Guid.Parse(token.I);
                    activities = activities.Where(a => a.StartsAt < at || (a.StartsAt == at && a.Id.CompareTo(id) < 0));
                }
            }
            var rows = await activities.OrderByDescending(a => a.StartsAt).ThenByDescending(a => a.Id).Take(take).ToListAsync(ct);
            sources.Add(rows.Select(a => new TimelineEntry(
                Activity, a.StartsAt, a.Id.ToString(), a.Subject, a.Outcome ?? a.Summary, a.Type.ToIdentifier(), a.Status.ToIdentifier(),
                nameof(Activities.Activity), a.Id)).ToList());
        }

        if (kinds.Contains(Task))
        {
            var tasks = db.WorkTasks.AsNoTracking().Where(w => w.AccountId == accountId);
            total += await tasks.CountAsync(ct);
            if (token is not null)
            {
                var at = new DateTimeOffset(token.T, TimeSpan.Zero);
                var cmp = Rank(Task).CompareTo(Rank(token.K));
                if (cmp < 0)
                {
                    tasks = tasks.Where(w => w.CreatedAt <= at);
                }
                else if (cmp > 0)
                {
                    tasks = tasks.Where(w => w.CreatedAt < at);
                }
                else
                {
                    var id = Guid.Parse(token.I);
                    tasks = tasks.Where(w => w.CreatedAt < at || (w.CreatedAt == at && w.Id.CompareTo(id) < 0));
                }
            }
            var rows = await tasks.OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id).Take(take).ToListAsync(ct);
            sources.Add(rows.Select(w => new TimelineEntry(
                Task, w.CreatedAt, w.Id.ToString(), w.Title,
                "Due " + w.DueDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
                null, w.Status.ToString().ToLowerInvariant(), nameof(WorkTask), w.Id)).ToList());
        }

        if (kinds.Contains(Change))
        {
            var changes = db.AuditEntries.AsNoTracking().Where(e => e.AccountId == accountId);
            total += await changes.CountAsync(ct);
            if (token is not null)
            {
                var at = new DateTimeOffset(token.T, TimeSpan.Zero);
                var cmp = Rank(Change).CompareTo(Rank(token.K));
                if (cmp < 0)
                {
                    changes = changes.Where(e => e.At <= at);
                }
                else if (cmp > 0)
                {
                    changes = changes.Where(e => e.At < at);
                }
                else
                {
                    var id = long.Parse(token.I, CultureInfo.InvariantCulture);
                    changes = changes.Where(e => e.At < at || (e.At == at && e.Id < id));
                }
            }
            var rows = await changes.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take).ToListAsync(ct);
            sources.Add(rows.Select(e => new TimelineEntry(
                Change, e.At, e.Id.ToString(CultureInfo.InvariantCulture),
                $"{Describe(e.EntityType)} {e.Action.ToString().ToLowerInvariant()}",
                ChangedFields(e.Changes), null, e.Action.ToString().ToLowerInvariant(), e.EntityType, e.EntityId)).ToList());
        }

        // Merge the sources, each already in order; entries tied on time and kind come from one source,
        // whose own (database) order is kept.
        var merged = new List<TimelineEntry>(take);
        var heads = new int[sources.Count];
        while (merged.Count < take)
        {
            var best = -1;
            for (var s = 0; s < sources.Count; s++)
            {
                if (heads[s] >= sources[s].Count)
                {
                    continue;
                }
                if (best < 0 || Before(sources[s][heads[s]], sources[best][heads[best]]))
                {
                    best = s;
                }
            }
            if (best < 0)
            {
                break;
            }
            merged.Add(sources[best][heads[best]++]);
        }

        string? next = null;
        if (merged.Count > pageSize)
        {
            merged.RemoveRange(pageSize, merged.Count - pageSize);
            var last = merged[^1];
            next = Encode(new Token(last.At.UtcTicks, last.Kind, last.Id));
        }
        return new Page<TimelineEntry>(merged, next, total);
    }

    private static bool Before(TimelineEntry a, TimelineEntry b) =>
        a.At.UtcTicks != b.At.UtcTicks ? a.At.UtcTicks > b.At.UtcTicks : Rank(a.Kind) > Rank(b.Kind);

    private static string Describe(string entityType) => entityType switch
    {
        nameof(WorkTask) => "Task",
        _ => entityType,
    };

    private static string? ChangedFields(string json)
    {
        try
        {
            var changes = JsonSerializer.Deserialize<List<FieldChange>>(json, JsonSerializerOptions.Web) ?? [];
            return changes.Count == 0 ? null : string.Join(", ", changes.Select(c => c.Field));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Encode(Token token) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Token Decode(string pageToken)
    {
        try
        {
            var base64 = pageToken.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var token = JsonSerializer.Deserialize<Token>(Convert.FromBase64String(base64));
            var valid = token is not null && Kinds.Contains(token.K) && token.T is >= 0 and <= 3155378975999999999
                && (token.K == Change ? long.TryParse(token.I, CultureInfo.InvariantCulture, out _) : Guid.TryParse(token.I, out _));
            if (!valid)
            {
                throw new FormatException();
            }
            return token!;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            throw new ValidationException("pageToken", "The page token is not one Keystone issued; start again from the first page.");
        }
    }
}
