namespace Keystone.Web.Activities;

// These records document request bodies in the OpenAPI document; JsonBody reads the bodies field by field.

/// <summary>
/// The fields of an activity a client may set. On create, accountId, type, startsAt and subject are required;
/// type is meeting, call, visit, email or note; status is planned (default), completed or cancelled;
/// timeZone defaults to the account's. Each next step becomes a task, assigned to you unless named.
/// </summary>
public sealed record ActivityWrite(
    Guid? AccountId,
    string? Type,
    string? Status,
    DateTimeOffset? StartsAt,
    string? TimeZone,
    int? DurationMinutes,
    string? Subject,
    string? Summary,
    string? Outcome,
    string? Location,
    IReadOnlyList<Guid>? ParticipantIds,
    IReadOnlyList<Guid>? ContactIds,
    IReadOnlyList<NextStepWrite>? NextSteps);

public sealed record NextStepWrite(string Title, DateOnly DueDate, Guid? AssigneeId);

/// <summary>The fields of a task a client may set. On create, accountId, title and dueDate are required; status is open, done or cancelled.</summary>
public sealed record TaskWrite(
    Guid? AccountId,
    string? Title,
    string? Notes,
    DateOnly? DueDate,
    DateTimeOffset? DueAt,
    string? Status,
    Guid? AssigneeId,
    Guid? ActivityId,
    DateTimeOffset? ReminderAt);
