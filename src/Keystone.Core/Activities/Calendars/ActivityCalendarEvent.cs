using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Keystone.Core.Activities.Calendars;

/// <summary>
/// The calendar event an activity was imported from: its UID and, for one occurrence of a
/// recurring meeting, its RECURRENCE-ID. Importing the same file again finds them and adds nothing twice.
/// </summary>
public sealed class ActivityCalendarEvent
{
    public const int MaxUidLength = 1000;

    public Guid ActivityId { get; set; }
    public Guid AccountId { get; set; }

    /// <summary>The UID of the VEVENT, as in the file.</summary>
    public string Uid { get; set; } = "";

    /// <summary>The original start of the occurrence in its series; null for a meeting that does not repeat.</summary>
    public DateTimeOffset? RecurrenceId { get; set; }

    /// <summary>
    /// A hash of the UID and recurrence id, unique per account: UIDs can be long, and a unique
    /// index over a nullable recurrence id would not stop a second copy of a single meeting.
    /// </summary>
    public string EventKey { get; set; } = "";

    public static string KeyOf(string uid, DateTimeOffset? recurrenceId)
    {
        var text = uid + "\n" + (recurrenceId is { } r ? r.UtcTicks.ToString(CultureInfo.InvariantCulture) : "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
