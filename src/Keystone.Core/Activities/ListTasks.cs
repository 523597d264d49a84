using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public sealed record TaskListItem(
    Guid Id,
    Guid AccountId,
    string AccountName,
    string Title,
    DateOnly DueDate,
    DateTimeOffset? DueAt,
    string Status,
    Guid AssigneeId,
    Guid? ActivityId,
    DateTimeOffset? ReminderAt);

public static class ListTasks
{
    public sealed record Query
    {
        public Guid? AccountId { get; init; }
        public string? Status { get; init; }

        /// <summary>"me": only tasks assigned to the caller.</summary>
        public string? Assignee { get; init; }

        /// <summary>Only open tasks due before today (in <see cref="TimeZone"/>, UTC unless given).</summary>
        public bool? Overdue { get; init; }
        public string? TimeZone { get; init; }
        public DateOnly? From { get; init; }
        public DateOnly? To { get; init; }
        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    public static async Task<Page<TaskListItem>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        var pageSize = Paging.CheckPageSize(query.PageSize);
        var v = new Validator();
        var tasks = db.WorkTasks.AsNoTracking();
        if (query.AccountId is { } accountId)
        {
            tasks = tasks.Where(t => t.AccountId == accountId);
        }
        if (query.Status is not null && ActivityInput.Parse<WorkTaskStatus>(v, "status", query.Status, required: false) is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }
        if (query.Assignee is not null)
        {
            if (query.Assignee != "me")
            {
                v.Add("assignee", $"'{query.Assignee}' is not an assignee filter; use assignee=me.");
            }
            var me = db.Actor.UserId ?? Guid.Empty;
            tasks = tasks.Where(t => t.AssigneeId == me);
        }
        if (query.From is { } from)
        {
            tasks = tasks.Where(t => t.DueDate >= from);
        }
        if (query.To is { } to)
        {
            tasks = tasks.Where(t => t.DueDate <= to);
        }
        var zone = MyWork.Zone(v, query.TimeZone);
        if (query.Overdue == true)
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(db.Clock.GetUtcNow(), zone).DateTime);
            tasks = tasks.Where(t => t.Status == WorkTaskStatus.Open && t.DueDate < today);
        }
        v.ThrowIfInvalid();
        // Due date first; the id keeps tasks of one day in a stable order.
        var keyset = new Keyset<WorkTask>("dueDate", false, (System.Linq.Expressions.Expression<Func<WorkTask, DateOnly>>)(t => t.DueDate), t => t.Id);
        var total = await tasks.CountAsync(ct);
        var rows = await keyset.Apply(tasks, query.PageToken).Take(pageSize).ToListAsync(ct);
        var accountIds = rows.Select(t => t.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var items = rows.Select(t => new TaskListItem(
            t.Id, t.AccountId, accounts.GetValueOrDefault(t.AccountId, ""), t.Title, t.DueDate, t.DueAt,
            t.Status.ToString().ToLowerInvariant(), t.AssigneeId, t.ActivityId, t.ReminderAt)).ToList();
        return new Page<TaskListItem>(items, keyset.NextToken(rows, pageSize), total);
    }
}
