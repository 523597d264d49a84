using System.Globalization;
using Keystone.Core.Activities;
using Keystone.Core.Common;

namespace Keystone.Web.Activities;

/// <summary>
/// What the task form holds while it is typed. The reminder is a local date and time in the
/// viewer's time zone, turned into an instant when saved; both empty means no reminder.
/// </summary>
public sealed class TaskFormModel
{
    public static readonly (string Id, string Name)[] Statuses = [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")];

    public string? Title { get; set; }

    public string? Notes { get; set; }

    /// <summary>yyyy-MM-dd, as a date input gives it.</summary>
    public string? DueDate { get; set; }

    /// <summary>Null: the person saving takes it.</summary>
    public Guid? AssigneeId { get; set; }

    public string Status { get; set; } = "open";

    /// <summary>yyyy-MM-dd.</summary>
    public string? ReminderDate { get; set; }

    /// <summary>HH:mm.</summary>
    public string? ReminderTime { get; set; }

    public static TaskFormModel DueOn(DateOnly day) => new() { DueDate = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };

    public static TaskFormModel From(TaskDetails task, TimeZoneInfo zone)
    {
        var reminder = task.ReminderAt is { } at ? TimeZoneInfo.ConvertTime(at, zone).DateTime : (DateTime?)null;
        return new TaskFormModel
        {
            Title = task.Title,
            Notes = task.Notes,
            DueDate = task.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            AssigneeId = task.Assignee?.Id,
            Status = task.Status,
            ReminderDate = reminder?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ReminderTime = reminder?.ToString("HH:mm", CultureInfo.InvariantCulture),
        };
    }

    public bool HasReminder => !string.IsNullOrWhiteSpace(ReminderDate) || !string.IsNullOrWhiteSpace(ReminderTime);

    /// <summary>The reminder as an instant with the zone's offset; null when there is none or it cannot be read (see <see cref="ReminderError"/>).</summary>
    public DateTimeOffset? ReminderIn(TimeZoneInfo zone) => LocalTime.Parse(ReminderDate, ReminderTime, zone);

    /// <summary>What is wrong with a half-filled reminder, or null.</summary>
    public string? ReminderError(TimeZoneInfo zone) =>
        HasReminder && ReminderIn(zone) is null ? "Give the reminder both a date and a time, or clear both for no reminder." : null;

    private string? ReminderText(TimeZoneInfo zone) =>
        ReminderIn(zone)?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public TaskInput ToNewInput(Guid accountId, TimeZoneInfo zone) => new()
    {
        AccountId = accountId,
        Title = Title,
        Notes = Notes,
        DueDate = DueDate,
        AssigneeId = AssigneeId is { } id ? id : Optional<Guid?>.Unset,
        ReminderAt = ReminderText(zone),
    };

    /// <summary>Every field, for those who edit the task; only status and reminder for its assignee.</summary>
    public TaskInput ToUpdateInput(TimeZoneInfo zone, bool allFields) => allFields
        ? new TaskInput
        {
            Title = Title,
            Notes = Notes,
            DueDate = DueDate,
            AssigneeId = AssigneeId is { } id ? id : Optional<Guid?>.Unset,
            Status = Status,
            ReminderAt = ReminderText(zone),
        }
        : new TaskInput { Status = Status, ReminderAt = ReminderText(zone) };

    public IReadOnlyList<(string Field, string? Value)> Describe(Func<Guid, string> userName) =>
    [
        ("Title", Title),
        ("Notes", Notes),
        ("Due date", DueDate),
        ("Assignee", AssigneeId is { } id ? userName(id) : null),
        ("Status", StatusName(Status)),
        ("Reminder date", ReminderDate),
        ("Reminder time", ReminderTime),
    ];

    public static string StatusName(string? id) => Statuses.FirstOrDefault(s => s.Id == id).Name ?? id ?? "";
}
