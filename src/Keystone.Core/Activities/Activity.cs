using Keystone.Core.Common;

namespace Keystone.Core.Activities;

public enum ActivityType
{
    Meeting,
    Call,
    Visit,
    Email,
    Note,
}

public enum ActivityStatus
{
    Planned,
    Completed,
    Cancelled,
}

/// <summary>Something that happened, or is planned, with a client account: a meeting, a call, a visit, an email or a note.</summary>
public sealed class Activity : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public ActivityType Type { get; set; }
    public ActivityStatus Status { get; set; }

    /// <summary>When it starts, in UTC; <see cref="TimeZone"/> says how to show it.</summary>
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>The IANA zone it was planned in, so that a 9:00 meeting stays at 9:00 in its calendar.</summary>
    public string TimeZone { get; set; } = "UTC";

    public int DurationMinutes { get; set; }
    public string Subject { get; set; } = "";
    public string? Summary { get; set; }
    public string? Outcome { get; set; }
    public string? Location { get; set; }

    /// <summary>The user who logged it.</summary>
    public Guid OwnerId { get; set; }

    public List<ActivityParticipant> Participants { get; set; } = [];
    public List<ActivityContact> Contacts { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    public Accounts.Account? Account { get; set; }

    Guid IAudited.AuditAccountId => AccountId;
}

/// <summary>A colleague who took part in an activity.</summary>
public sealed class ActivityParticipant
{
    public Guid ActivityId { get; set; }
    public Guid AccountId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>A person at the client who took part in an activity.</summary>
public sealed class ActivityContact
{
    public Guid ActivityId { get; set; }
    public Guid AccountId { get; set; }
    public Guid ContactId { get; set; }
}

public static class ActivityNames
{
    public static string ToIdentifier(this ActivityType type) => type.ToString().ToLowerInvariant();

    public static string ToIdentifier(this ActivityStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse<TEnum>(string? identifier, out TEnum value)
        where TEnum : struct, Enum =>
        Enum.TryParse(identifier, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(identifier, out _);

    public static string Choices<TEnum>()
        where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
}
