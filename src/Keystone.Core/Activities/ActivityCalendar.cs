using Keystone.Core.Activities.Calendars;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

/// <summary>An activity as an .ics file, to open in or attach to a calendar.</summary>
public static class ActivityCalendar
{
    public const string MediaType = "text/calendar";

    public static async Task<(string Text, string FileName)> HandleAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default)
    {
        var activity = await ActivityDetails.FindAsync(db, id, tracked: false, ct);
        var userIds = activity.Participants.Select(p => p.UserId).Append(activity.OwnerId).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Email != null)
            .ToDictionaryAsync(u => u.Id, u => new CalendarPerson(u.Email!, u.DisplayName), ct);
        var contactIds = activity.Contacts.Select(c => c.ContactId).ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id) && c.Email != null)
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName)
            .Select(c => new CalendarPerson(c.Email!, c.FirstName + " " + c.LastName)).ToListAsync(ct);
        var meeting = new CalendarMeeting
        {
            Id = activity.Id,
            Title = activity.Subject,
            Start = activity.StartsAt,
            End = activity.StartsAt.AddMinutes(activity.DurationMinutes),
            TimeZoneId = activity.TimeZone == "UTC" ? null : activity.TimeZone,
            Description = activity.Summary,
            Location = activity.Location,
            Organizer = users.GetValueOrDefault(activity.OwnerId),
            Attendees = [.. activity.Participants.Select(p => users.GetValueOrDefault(p.UserId)).OfType<CalendarPerson>(), .. contacts],
            Sequence = activity.Version - 1,
        };
        return (IcsExport.Meeting(meeting, db.Clock), $"activity-{activity.Id:D}.ics");
    }
}
