using System.Globalization;
using Keystone.Core.Activities;
using Keystone.Core.Common;

namespace Keystone.Web.Activities;

/// <summary>
/// What the log-activity form holds while it is typed: the start is a local date and time in the
/// account's time zone, turned into an instant with that zone's offset when saved.
/// </summary>
public sealed class ActivityFormModel
{
    public static readonly (string Id, string Name)[] Types =
        [("meeting", "Meeting"), ("call", "Call"), ("visit", "Visit"), ("email", "Email"), ("note", "Note")];

    public static readonly (string Id, string Name)[] Statuses =
        [("completed", "Completed"), ("planned", "Planned"), ("cancelled", "Cancelled")];

    public string Type { get; set; } = "meeting";

    public string Status { get; set; } = "completed";

    /// <summary>yyyy-MM-dd, as a date input gives it.</summary>
    public string? Date { get; set; }

    /// <summary>HH:mm, as a time input gives it.</summary>
    public string? Time { get; set; }

    public int? DurationMinutes { get; set; } = 30;

    public string? Subject { get; set; }

    public string? Summary { get; set; }

    public string? Outcome { get; set; }

    public string? Location { get; set; }

    public IReadOnlyCollection<Guid> ParticipantIds { get; set; } = [];

    public IReadOnlyCollection<Guid> ContactIds { get; set; } = [];

    public string? NextStepTitle { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? NextStepDueDate { get; set; }

    public Guid? NextStepAssigneeId { get; set; }

    public bool HasNextStep =>
        !string.IsNullOrWhiteSpace(NextStepTitle) || !string.IsNullOrWhiteSpace(NextStepDueDate) || NextStepAssigneeId is not null;

    /// <summary>Starts now (to the quarter hour) in the account's zone.</summary>
    public static ActivityFormModel StartingAt(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        local = local.AddMinutes(-(local.Minute % 15)).AddSeconds(-local.Second).AddMilliseconds(-local.Millisecond);
        return new ActivityFormModel
        {
            Date = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Time = local.ToString("HH:mm", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The start as a local time in <paramref name="zone"/>, or null while the date or time cannot be read.</summary>
    public DateTimeOffset? StartIn(TimeZoneInfo zone) => LocalTime.Parse(Date, Time, zone);

    /// <summary>Planned when it lies ahead, completed when it is past: what a person logging it means, unless they say otherwise.</summary>
    public string DefaultStatus(TimeZoneInfo zone, DateTimeOffset now) =>
        StartIn(zone) is { } start && start > now ? "planned" : "completed";

    public ActivityInput ToInput(Guid accountId, TimeZoneInfo zone, string zoneId)
    {
        var start = StartIn(zone);
        return new ActivityInput
        {
            AccountId = accountId,
            Type = Type,
            Status = Status,
            // An unreadable date goes through as typed, so that the use case names the field.
            StartsAt = start?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? $"{Date} {Time}".Trim(),
            TimeZone = zoneId,
            DurationMinutes = DurationMinutes,
            Subject = Subject,
            Summary = Summary,
            Outcome = Outcome,
            Location = Location,
            ParticipantIds = ParticipantIds.Select(id => id.ToString()).ToList(),
            ContactIds = ContactIds.Select(id => id.ToString()).ToList(),
            NextSteps = HasNextStep
                ? new[] { new NextStepInput(NextStepTitle, NextStepDueDate, NextStepAssigneeId?.ToString()) }
                : Array.Empty<NextStepInput>(),
        };
    }

    /// <summary>The saved activity as the form shows it: its start in its own time zone.</summary>
    public static ActivityFormModel From(ActivityDetails activity, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(activity.StartsAt, zone).DateTime;
        return new ActivityFormModel
        {
            Type = activity.Type,
            Status = activity.Status,
            Date = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Time = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            DurationMinutes = activity.DurationMinutes,
            Subject = activity.Subject,
            Summary = activity.Summary,
            Outcome = activity.Outcome,
            Location = activity.Location,
            ParticipantIds = [.. activity.Participants.Select(p => p.Id)],
            ContactIds = [.. activity.Contacts.Select(c => c.Id)],
        };
    }

    /// <summary>The fields as people read them, to compare a form with a version someone else saved.</summary>
    public IReadOnlyList<(string Field, string? Value)> Describe(Func<Guid, string> userName, Func<Guid, string> contactName) =>
    [
        ("Type", TypeName(Type)),
        ("Status", StatusName(Status)),
        ("Date", Date),
        ("Time", Time),
        ("Duration in minutes", DurationMinutes?.ToString(CultureInfo.InvariantCulture)),
        ("Location", Location),
        ("Subject", Subject),
        ("Summary", Summary),
        ("Outcome", Outcome),
        ("Colleagues", string.Join(", ", ParticipantIds.Select(userName).Order(StringComparer.CurrentCulture))),
        ("Client participants", string.Join(", ", ContactIds.Select(contactName).Order(StringComparer.CurrentCulture))),
    ];

    /// <summary>Every field of the form as a change to a saved activity; the account and the tasks stay as they are.</summary>
    public ActivityInput ToUpdateInput(TimeZoneInfo zone, string zoneId) => ToInput(Guid.Empty, zone, zoneId) with
    {
        AccountId = Optional<Guid?>.Unset,
        NextSteps = Optional<IReadOnlyList<NextStepInput>?>.Unset,
    };

    public static string TypeName(string? id) => Types.FirstOrDefault(t => t.Id == id).Name ?? id ?? "";

    public static string StatusName(string? id) => Statuses.FirstOrDefault(s => s.Id == id).Name ?? id ?? "";
}
