namespace Keystone.Core.Activities.Calendars;

/// <summary>A Keystone contact and one of its email addresses.</summary>
public sealed record KnownContact(Guid ContactId, string Email);

/// <summary>A person on a meeting and the contacts with that email address (several when two accounts share one).</summary>
public sealed record MatchedAttendee(ImportedAttendee Attendee, bool IsOrganizer, IReadOnlyList<Guid> ContactIds)
{
    public bool IsKnown => ContactIds.Count > 0;
}

/// <summary>Finds which people on imported meetings are known contacts, by email address regardless of case.</summary>
public sealed class AttendeeMatcher
{
    private readonly ILookup<string, Guid> _contacts;

    public AttendeeMatcher(IEnumerable<KnownContact> contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        _contacts = contacts
            .Where(c => !string.IsNullOrWhiteSpace(c.Email))
            .DistinctBy(c => (c.ContactId, Key: c.Email.Trim().ToUpperInvariant()))
            .ToLookup(c => c.Email.Trim(), c => c.ContactId, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The organizer first, then the attendees, each address once.</summary>
    public IReadOnlyList<MatchedAttendee> Match(ImportedMeeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var people = new List<MatchedAttendee>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (meeting.Organizer is { } organizer)
        {
            Add(organizer, isOrganizer: true);
        }
        foreach (var attendee in meeting.Attendees)
        {
            Add(attendee, isOrganizer: false);
        }
        return people;

        void Add(ImportedAttendee person, bool isOrganizer)
        {
            var email = person.Email?.Trim();
            if (email is { Length: > 0 } && !seen.Add(email))
            {
                return;
            }
            var ids = email is { Length: > 0 } ? _contacts[email].ToList() : [];
            people.Add(new MatchedAttendee(person, isOrganizer, ids));
        }
    }

    /// <summary>The contacts who took part in any of the meetings, each once.</summary>
    public IReadOnlyList<Guid> KnownContacts(IEnumerable<ImportedMeeting> meetings) =>
        meetings.SelectMany(Match).SelectMany(m => m.ContactIds).Distinct().ToList();
}
