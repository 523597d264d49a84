using Keystone.Core.Common;

namespace Keystone.Core.Activities;

public enum WorkTaskStatus
{
    Open,
    Done,
    Cancelled,
}

/// <summary>Work someone owes an account, often the next step of an activity.</summary>
public sealed class WorkTask : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public string Title { get; set; } = "";
    public string? Notes { get; set; }
    public DateOnly DueDate { get; set; }

    /// <summary>A time of day the task is due at, when the date alone is not enough.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public WorkTaskStatus Status { get; set; }
    public Guid AssigneeId { get; set; }

    /// <summary>The activity whose next step it is.</summary>
    public Guid? ActivityId { get; set; }

    public DateTimeOffset? ReminderAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    public Accounts.Account? Account { get; set; }

    Guid IAudited.AuditAccountId => AccountId;
}
