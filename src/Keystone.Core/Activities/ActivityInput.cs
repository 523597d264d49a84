using System.Globalization;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>A next step agreed in an activity; it becomes a task, assigned to the activity's owner unless named.</summary>
public sealed record NextStepInput(string? Title, string? DueDate, string? AssigneeId);

/// <summary>The fields a person may set on an activity; unset fields are left as they are.</summary>
public sealed record ActivityInput
{
    public Optional<Guid?> AccountId { get; init; }
    public Optional<string?> Type { get; init; }
    public Optional<string?> Status { get; init; }
    public Optional<string?> StartsAt { get; init; }
    public Optional<string?> TimeZone { get; init; }
    public Optional<int?> DurationMinutes { get; init; }
    public Optional<string?> Subject { get; init; }
    public Optional<string?> Summary { get; init; }
    public Optional<string?> Outcome { get; init; }
    public Optional<string?> Location { get; init; }
    public Optional<IReadOnlyList<string>?> ParticipantIds { get; init; }
    public Optional<IReadOnlyList<string>?> ContactIds { get; init; }
    public Optional<IReadOnlyList<NextStepInput>?> NextSteps { get; init; }

    /// <summary>Applies the fields; returns the tasks of the next steps, to be saved with the activity.</summary>
    internal async Task<List<WorkTask>> ApplyToAsync(KeystoneDbContext db, Activity activity, bool isNew, CancellationToken ct)
    {
        var v = new Validator();
        var account = await ApplyAccountAsync(db, activity, isNew, v, ct);
        if (isNew || Type.IsSet)
        {
            activity.Type = Parse<ActivityType>(v, "type", Type.GetValueOrDefault(null), required: true) ?? activity.Type;
        }
        if (isNew || Status.IsSet)
        {
            activity.Status = Parse<ActivityStatus>(v, "status", Status.GetValueOrDefault(null), required: false) ?? ActivityStatus.Planned;
        }
        if (isNew || StartsAt.IsSet)
        {
            var raw = StartsAt.GetValueOrDefault(null);
            if (string.IsNullOrWhiteSpace(raw))
            {
                v.Add("startsAt", "Say when it starts, as an instant such as 2026-03-02T09:00:00+01:00.");
            }
            else if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var startsAt) || !raw.Contains('T', StringComparison.Ordinal))
            {
                v.Add("startsAt", $"'{raw}' is not an instant; write it with its offset, such as 2026-03-02T09:00:00+01:00 or 2026-03-02T08:00:00Z.");
            }
            else
            {
                activity.StartsAt = startsAt.ToUniversalTime();
            }
        }
        if (isNew || TimeZone.IsSet)
        {
            activity.TimeZone = v.TimeZone("timeZone", TimeZone.GetValueOrDefault(null)) ?? account?.TimeZone ?? activity.Account?.TimeZone ?? "UTC";
        }
        if (isNew || DurationMinutes.IsSet)
        {
            var minutes = DurationMinutes.GetValueOrDefault(null) ?? (activity.Type is ActivityType.Email or ActivityType.Note ? 0 : 30);
            if (minutes is < 0 or > 24 * 60)
            {
                v.Add("durationMinutes", $"{minutes} minutes is not a duration Keystone keeps; give 0 to 1440 minutes.");
            }
            activity.DurationMinutes = minutes;
        }
        if (isNew || Subject.IsSet)
        {
            activity.Subject = v.Required("subject", Subject.GetValueOrDefault(null), 200, "Subject") ?? activity.Subject;
        }
        if (Summary.IsSet)
        {
            activity.Summary = v.Optional("summary", Summary.Value, 4000, "Summary");
        }
        if (Outcome.IsSet)
        {
            activity.Outcome = v.Optional("outcome", Outcome.Value, 4000, "Outcome");
        }
        if (Location.IsSet)
        {
            activity.Location = v.Optional("location", Location.Value, 200, "Location");
        }
        if (ParticipantIds.IsSet)
        {
            await ApplyParticipantsAsync(db, activity, ParticipantIds.Value ?? [], v, ct);
        }
        if (ContactIds.IsSet || (AccountId.IsSet && !isNew))
        {
            await ApplyContactsAsync(db, activity, ContactIds.IsSet ? ContactIds.Value ?? [] : [.. activity.Contacts.Select(c => c.ContactId.ToString())], v, ct);
        }
        var tasks = new List<WorkTask>();
        if (NextSteps.IsSet && account is not null)
        {
            var i = 0;
            foreach (var step in NextSteps.Value ?? [])
            {
                var path = $"nextSteps[{i++}]";
                var task = new WorkTask { AccountId = account.Id, ActivityId = activity.Id, Status = WorkTaskStatus.Open };
                task.Title = v.Required($"{path}.title", step.Title, 200, "The next step's title") ?? "";
                task.DueDate = TaskInput.ParseDate(v, $"{path}.dueDate", step.DueDate) ?? default;
                var assignee = TaskInput.ParseId(v, $"{path}.assigneeId", step.AssigneeId) ?? activity.OwnerId;
                await TaskInput.AssignAsync(db, task, account, assignee, $"{path}.assigneeId", v, ct);
                tasks.Add(task);
            }
        }
        v.ThrowIfInvalid();
        return tasks;
    }

    private async Task<Account?> ApplyAccountAsync(KeystoneDbContext db, Activity activity, bool isNew, Validator v, CancellationToken ct)
    {
        if (!isNew && !AccountId.IsSet)
        {
            return activity.Account;
        }
        var accountId = AccountId.GetValueOrDefault(null);
        if (accountId is null)
        {
            v.Add("accountId", "An activity belongs to an account; name the account.");
            return null;
        }
        if (!isNew && accountId == activity.AccountId)
        {
            return activity.Account;
        }
        var account = await db.Accounts.Include(a => a.TeamMembers).SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            v.Add("accountId", $"There is no account '{accountId}' that you can see; pick the account from the account list.");
            return null;
        }
        if (!db.Actor.CanLogActivitiesOn(account))
        {
            v.Add("accountId", $"You cannot log activities on account '{account.Name}'; ask its owner to add you to its team.");
            return null;
        }
        activity.AccountId = account.Id;
        activity.Account = account;
        foreach (var participant in activity.Participants)
        {
            participant.AccountId = account.Id;
        }
        return account;
    }

    private static async Task ApplyParticipantsAsync(KeystoneDbContext db, Activity activity, IReadOnlyList<string> ids, Validator v, CancellationToken ct)
    {
        var wanted = new List<Guid>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (TaskInput.ParseId(v, $"participantIds[{i}]", ids[i]) is { } id && !wanted.Contains(id))
            {
                wanted.Add(id);
            }
        }
        var known = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(ct);
        foreach (var missing in wanted.Except(known))
        {
            v.Add("participantIds", $"There is no active user '{missing}'; pick colleagues from the user list.");
        }
        activity.Participants.RemoveAll(p => !known.Contains(p.UserId));
        foreach (var id in known.Where(id => activity.Participants.All(p => p.UserId != id)))
        {
            activity.Participants.Add(new ActivityParticipant { ActivityId = activity.Id, AccountId = activity.AccountId, UserId = id });
        }
    }

    private static async Task ApplyContactsAsync(KeystoneDbContext db, Activity activity, IReadOnlyList<string> ids, Validator v, CancellationToken ct)
    {
        var wanted = new List<Guid>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (TaskInput.ParseId(v, $"contactIds[{i}]", ids[i]) is { } id && !wanted.Contains(id))
            {
                wanted.Add(id);
            }
        }
        var known = await db.Contacts.AsNoTracking().Where(c => wanted.Contains(c.Id) && c.AccountId == activity.AccountId).Select(c => c.Id).ToListAsync(ct);
        foreach (var missing in wanted.Except(known))
        {
            v.Add("contactIds", $"Contact '{missing}' is not a person at this account; pick people from the account's contacts.");
        }
        activity.Contacts.RemoveAll(c => !known.Contains(c.ContactId));
        foreach (var id in known.Where(id => activity.Contacts.All(c => c.ContactId != id)))
        {
            activity.Contacts.Add(new ActivityContact { ActivityId = activity.Id, AccountId = activity.AccountId, ContactId = id });
        }
    }

    internal static TEnum? Parse<TEnum>(Validator v, string field, string? value, bool required)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                v.Add(field, $"Say which {field} it is: {ActivityNames.Choices<TEnum>()}.");
            }
            return null;
        }
        if (!ActivityNames.TryParse<TEnum>(value.Trim(), out var parsed))
        {
            v.Add(field, $"'{value}' is not a {field} Keystone knows; use {ActivityNames.Choices<TEnum>()}.");
            return null;
        }
        return parsed;
    }
}
