using System.Globalization;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>The fields a person may set on a task; unset fields are left as they are.</summary>
public sealed record TaskInput
{
    public Optional<Guid?> AccountId { get; init; }
    public Optional<string?> Title { get; init; }
    public Optional<string?> Notes { get; init; }
    public Optional<string?> DueDate { get; init; }
    public Optional<string?> DueAt { get; init; }
    public Optional<string?> Status { get; init; }
    public Optional<Guid?> AssigneeId { get; init; }
    public Optional<Guid?> ActivityId { get; init; }
    public Optional<string?> ReminderAt { get; init; }

    /// <summary>Only the status or the reminder is set: what an assignee who does not edit the account may change.</summary>
    internal bool IsStatusOnly =>
        (Status.IsSet || ReminderAt.IsSet) && !AccountId.IsSet && !Title.IsSet && !Notes.IsSet && !DueDate.IsSet && !DueAt.IsSet
        && !AssigneeId.IsSet && !ActivityId.IsSet;

    internal async Task ApplyToAsync(KeystoneDbContext db, WorkTask task, bool isNew, CancellationToken ct)
    {
        var v = new Validator();
        var account = task.Account;
        if (isNew || AccountId.IsSet)
        {
            var accountId = AccountId.GetValueOrDefault(null);
            if (accountId is null)
            {
                v.Add("accountId", "A task belongs to an account; name the account.");
            }
            else if (accountId != task.AccountId)
            {
                account = await db.Accounts.Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct);
                if (account is null)
                {
                    v.Add("accountId", $"There is no account '{accountId}' that you can see; pick the account from the account list.");
                }
                else if (!db.Actor.CanLogActivitiesOn(account))
                {
                    v.Add("accountId", $"You cannot add tasks to account '{account.Name}'; ask its owner to add you to its team.");
                    account = null;
                }
                else
                {
                    task.AccountId = account.Id;
                    task.Account = account;
                }
            }
        }
        if (isNew || Title.IsSet)
        {
            task.Title = v.Required("title", Title.GetValueOrDefault(null), 200, "Title") ?? task.Title;
        }
        if (Notes.IsSet)
        {
            task.Notes = v.Optional("notes", Notes.Value, 4000, "Notes");
        }
        if (isNew || DueDate.IsSet)
        {
            task.DueDate = ParseDate(v, "dueDate", DueDate.GetValueOrDefault(null)) ?? task.DueDate;
        }
        if (DueAt.IsSet)
        {
            task.DueAt = ParseInstant(v, "dueAt", DueAt.Value);
        }
        if (ReminderAt.IsSet)
        {
            task.ReminderAt = ParseInstant(v, "reminderAt", ReminderAt.Value);
        }
        if (Status.IsSet || isNew)
        {
            var status = ActivityInput.Parse<WorkTaskStatus>(v, "status", Status.GetValueOrDefault(null), required: !isNew) ?? (isNew ? WorkTaskStatus.Open : task.Status);
            if (status != task.Status || isNew)
            {
                task.CompletedAt = status == WorkTaskStatus.Done ? db.Clock.GetUtcNow() : null;
            }
            task.Status = status;
        }
        if (ActivityId.IsSet)
        {
            var activityId = ActivityId.Value;
            if (activityId is not null && !await db.Activities.AnyAsync(a => a.Id == activityId && a.AccountId == task.AccountId, ct))
            {
                v.Add("activityId", $"There is no activity '{activityId}' at this account that you can see; leave it out or pick one from the account's activities.");
            }
            task.ActivityId = activityId;
        }
        if ((isNew || AssigneeId.IsSet || AccountId.IsSet) && account is not null)
        {
            var assignee = AssigneeId.IsSet ? AssigneeId.Value : isNew ? db.Actor.UserId : task.AssigneeId;
            if (assignee is null)
            {
                v.Add("assigneeId", "A task needs someone to do it; name the assignee, or leave the field out to take it yourself.");
            }
            else
            {
                await AssignAsync(db, task, account, assignee.Value, "assigneeId", v, ct);
            }
        }
        v.ThrowIfInvalid();
    }

    internal static async Task AssignAsync(KeystoneDbContext db, WorkTask task, Account account, Guid assigneeId, string field, Validator v, CancellationToken ct)
    {
        var assignee = assigneeId == db.Actor.UserId ? db.Actor : await ActorLoader.LoadAsync(db, assigneeId, ct);
        if (assignee is null)
        {
            v.Add(field, $"There is no active user '{assigneeId}'; pick someone from the user list.");
        }
        else if (!db.Actor.CanAssignTask(account, assignee))
        {
            v.Add(field, !assignee.CanSee(account)
                ? $"That person cannot see account '{account.Name}'; add them to its team first, or pick someone who works on it."
                : assignee.IsReadOnly
                    ? "That person's role reads Keystone but does no work in it; pick someone who works on the account."
                    : "You can give tasks to yourself, to people you manage and to contributors on the account's team; ask that person's manager to assign it.");
        }
        task.AssigneeId = assigneeId;
    }

    internal static Guid? ParseId(Validator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Guid.TryParse(value, out var id))
        {
            v.Add(field, $"'{value}' is not an id; use one such as 0191d6f4-8f5c-7d5e-9a1b-2c3d4e5f6a7b.");
            return null;
        }
        return id;
    }

    internal static DateOnly? ParseDate(Validator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, "Say when it is due, as a date such as 2026-03-31.");
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            v.Add(field, $"'{value}' is not a date; write it as 2026-03-31.");
            return null;
        }
        return date;
    }

    internal static DateTimeOffset? ParseInstant(Validator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!value.Contains('T', StringComparison.Ordinal)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
        {
            v.Add(field, $"'{value}' is not an instant; write it with its offset, such as 2026-03-02T09:00:00+01:00.");
            return null;
        }
        return instant.ToUniversalTime();
    }
}
