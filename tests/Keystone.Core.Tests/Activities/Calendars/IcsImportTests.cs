using System.Diagnostics;
using System.Text;
using CsCheck;
using Keystone.Core.Activities.Calendars;

namespace Keystone.Core.Tests.Activities.Calendars;

public sealed class IcsImportTests
{
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    private static string Calendar(params string[] lines) =>
        string.Join("\r\n", new[] { "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Test//EN" }.Concat(lines).Append("END:VCALENDAR")) + "\r\n";

    private static string Event(params string[] lines) => string.Join("\r\n", new[] { "BEGIN:VEVENT" }.Concat(lines).Append("END:VEVENT"));

    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    // A weekly review on Mondays at 10:00 in Berlin: the 21st is cancelled, the 28th moved to
    // Tuesday 14:00, and the 4 August moved to 11:00 by a RECURRENCE-ID written in UTC.
    private static readonly string WeeklyReview = Calendar(
        Event(
            "UID:review-1@example.com",
            "DTSTAMP:20250601T000000Z",
            "SUMMARY:Weekly review",
            "DTSTART;TZID=Europe/Berlin:20250707T100000",
            "DTEND;TZID=Europe/Berlin:20250707T110000",
            "RRULE:FREQ=WEEKLY;COUNT=10",
            "EXDATE;TZID=Europe/Berlin:20250721T100000",
            "ORGANIZER;CN=Anna Weber:mailto:anna.weber@example.com",
            "ATTENDEE;CN=Ben Okafor;PARTSTAT=ACCEPTED:mailto:Ben.Okafor@Client.example",
            "STATUS:CONFIRMED"),
        Event(
            "UID:review-1@example.com",
            "DTSTAMP:20250601T000000Z",
            "RECURRENCE-ID;TZID=Europe/Berlin:20250728T100000",
            "SUMMARY:Weekly review (moved)",
            "DTSTART;TZID=Europe/Berlin:20250729T140000",
            "DTEND;TZID=Europe/Berlin:20250729T150000"),
        Event(
            "UID:review-1@example.com",
            "DTSTAMP:20250601T000000Z",
            "RECURRENCE-ID:20250804T080000Z",
            "SUMMARY:Weekly review (later)",
            "DTSTART;TZID=Europe/Berlin:20250804T110000",
            "DTEND;TZID=Europe/Berlin:20250804T120000",
            "STATUS:TENTATIVE"));

    [Fact]
    public void A_weekly_series_with_an_exdate_and_changed_occurrences_expands_in_the_window()
    {
        var meetings = IcsImport.Read(WeeklyReview, Utc(2025, 7, 10), Utc(2025, 8, 20));

        Assert.Equal(
        [
            ("Weekly review", new DateTimeOffset(2025, 7, 14, 10, 0, 0, Summer)),
            ("Weekly review (moved)", new DateTimeOffset(2025, 7, 29, 14, 0, 0, Summer)),
            ("Weekly review (later)", new DateTimeOffset(2025, 8, 4, 11, 0, 0, Summer)),
            ("Weekly review", new DateTimeOffset(2025, 8, 11, 10, 0, 0, Summer)),
            ("Weekly review", new DateTimeOffset(2025, 8, 18, 10, 0, 0, Summer)),
        ], meetings.Select(m => (m.Title, m.Start)));
        Assert.All(meetings, m => Assert.Equal("review-1@example.com", m.Uid));
        Assert.All(meetings, m => Assert.Equal("Europe/Berlin", m.TimeZoneId));
        Assert.Equal(new DateTimeOffset(2025, 7, 28, 10, 0, 0, Summer), meetings[1].RecurrenceId);
        Assert.Equal(new DateTimeOffset(2025, 8, 4, 8, 0, 0, TimeSpan.Zero), meetings[2].RecurrenceId);
        Assert.Equal(meetings[0].Start, meetings[0].RecurrenceId);
        Assert.Equal(meetings[0].Start.AddHours(1), meetings[0].End);
        Assert.Equal(ImportedMeetingStatus.Tentative, meetings[2].Status);
        Assert.Equal(ImportedMeetingStatus.Confirmed, meetings[0].Status);
        Assert.Equal(new ImportedAttendee("anna.weber@example.com", "Anna Weber"), meetings[0].Organizer);
        Assert.Equal(new ImportedAttendee("Ben.Okafor@Client.example", "Ben Okafor", "ACCEPTED"), Assert.Single(meetings[0].Attendees));
    }

    [Fact]
    public void A_meeting_under_way_when_the_window_opens_is_in_it_and_one_starting_as_it_closes_is_not()
    {
        var text = Calendar(Event("UID:a", "DTSTART:20250701T093000Z", "DTEND:20250701T103000Z", "RRULE:FREQ=DAILY"));

        var meetings = IcsImport.Read(text, new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 7, 3, 9, 30, 0, TimeSpan.Zero));

        Assert.Equal([1, 2], meetings.Select(m => m.Start.Day));
    }

    [Fact]
    public void The_cap_is_honoured_and_a_file_over_it_is_refused_whole()
    {
        var text = Calendar(Event("UID:daily", "SUMMARY:Stand-up", "DTSTART;TZID=Europe/Berlin:20250101T091500", "DURATION:PT15M", "RRULE:FREQ=DAILY"));

        Assert.Equal(365, IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1), new CalendarImportOptions { MaxOccurrences = 365 }).Count);
        var ex = Assert.Throws<CalendarImportException>(() => IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1), new CalendarImportOptions { MaxOccurrences = 364 }));
        Assert.Contains("more than 364 meetings between 2025-01-01 and 2026-01-01", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Stand-up'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_without_a_zone_are_read_in_the_calendars_zone_else_in_the_default_one()
    {
        var floating = Event("UID:f", "DTSTART:20250701T100000", "DTEND:20250701T110000");
        var allDay = Event("UID:d", "DTSTART;VALUE=DATE:20250702", "DTEND;VALUE=DATE:20250704");

        var google = IcsImport.Read(Calendar("X-WR-TIMEZONE:America/New_York", floating, allDay), Utc(2025, 6, 1), Utc(2025, 8, 1));
        var plain = IcsImport.Read(Calendar(floating, allDay), Utc(2025, 6, 1), Utc(2025, 8, 1), new CalendarImportOptions { DefaultTimeZoneId = "Europe/Berlin" });

        Assert.Equal(new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.FromHours(-4)), google[0].Start);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 10, 0, 0, Summer), plain[0].Start);
        Assert.True(plain[1].IsAllDay);
        Assert.Equal(new DateTimeOffset(2025, 7, 2, 0, 0, 0, Summer), plain[1].Start);
        Assert.Equal(new DateTimeOffset(2025, 7, 4, 0, 0, 0, Summer), plain[1].End);
        Assert.Equal("Europe/Berlin", plain[1].TimeZoneId);
    }

    [Fact]
    public void A_windows_zone_name_is_given_as_its_iana_name()
    {
        var text = Calendar(Event("UID:w", "DTSTART;TZID=\"W. Europe Standard Time\":20250701T100000", "DTEND;TZID=\"W. Europe Standard Time\":20250701T110000"));

        var meeting = Assert.Single(IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1)));

        Assert.Equal("Europe/Berlin", meeting.TimeZoneId);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero), meeting.Start.ToUniversalTime());
    }

    [Fact]
    public void A_meeting_without_uid_gets_the_same_one_at_every_import()
    {
        var text = Calendar(Event("DTSTART:20250701T100000Z", "SUMMARY:No UID"), Event("DTSTART:20250702T100000Z", "SUMMARY:No UID either"));

        var first = IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1));
        var second = IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1));

        Assert.Equal(first.Select(m => m.Uid), second.Select(m => m.Uid));
        Assert.NotEqual(first[0].Uid, first[1].Uid);
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "", "empty" },
        { "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Weber\r\nEND:VCARD\r\n", "not an iCalendar file" },
        { "this is not a calendar BEGIN:VCALENDAR at all", "cannot be imported" },
        { Calendar(Event("UID:x", "DTSTART:2025-13-45T99:00:00")), "has a DTSTART that cannot be read" },
        { Calendar(Event("UID:x", "DTSTART:20251345T990000Z")), "cannot be imported" },
        { Calendar(Event("UID:x", "DTSTART:20250701T100000Z", "RRULE:FREQ=SOMETIMES")), "cannot be imported" },
        { Calendar(Event("UID:x", "DTSTART:20250701T100000Z", "RRULE:FREQ=DAILY;INTERVAL=-3")), "cannot be imported" },
        { Calendar(Event("UID:x", "DTSTART:20250701T100000Z", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")), "matches no date" },
        { Calendar(Event("UID:x", "DTSTART:20250701T100000Z", "DURATION:PXYZ")), "has a DURATION that cannot be read" },
        { Calendar(Event("UID:x", "DTSTART:20250701T100000Z", "RRULE:FREQ=DAILY", "EXDATE:20250702T100000Z,yesterday")), "line 8 has the EXDATE 'yesterday'" },
        { Calendar(Event("UID:x", "DTSTART:20250701T100000Z", "ATTENDEE:not a uri")), "has a ATTENDEE that cannot be read" },
        { Calendar(Event("UID:x", "DTSTART;TZID=Mars/Olympus_Mons:20250701T100000")), "'Mars/Olympus_Mons'" },
        { Calendar(Event("UID:x", "SUMMARY:Nowhen")), "has no start time" },
        { Calendar(Event("UID:x", "DTSTART:19900101T000000Z", "RRULE:FREQ=SECONDLY")), "repeats every second from 1990-01-01" },
        { Calendar(Event("UID:x", "DTSTART:20000101T000000Z", "RRULE:FREQ=MINUTELY;BYHOUR=9")), "repeats every minute" },
        { Calendar(Event("UID:x", "DTSTART:20250701T100000Z", "ATTENDEE;CN=\"Unclosed:mailto:a@example.com")), "cannot be imported" },
        { "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20250701T100000Z\r\nEND:VCALENDAR\r\n", "cannot be imported" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_files_are_refused_whole_with_a_reason(string text, string expected)
    {
        var watch = Stopwatch.StartNew();

        var ex = Record.Exception(() => IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1)));

        var refusal = Assert.IsType<CalendarImportException>(ex);
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_rule_that_never_matches_is_refused_naming_its_event()
    {
        var text = Calendar(Event("UID:feb30", "SUMMARY:Leap review", "DTSTART:20250101T090000Z", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"));

        var ex = Assert.Throws<CalendarImportException>(() => IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1)));

        Assert.StartsWith("The event 'Leap review' (UID feb30) cannot be worked out: its repeat rule (RRULE) matches no date", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY;UNTIL=99991231T000000Z")]   // "never ends", as some calendars write it
    [InlineData("DTSTART:00010101T090000Z", "RRULE:FREQ=DAILY")]                          // a series that began long ago
    public void Series_at_the_edges_of_the_calendar_expand_in_the_window(string start, string rule)
    {
        var meetings = IcsImport.Read(Calendar(Event("UID:edge", start, rule)), Utc(2025, 1, 1), Utc(2025, 2, 1));

        Assert.Equal(31, meetings.Count);
    }

    [Fact]
    public void Whatever_the_lines_nothing_but_a_refusal_escapes()
    {
        var lines = Gen.OneOf<string>(
            "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VALARM", "END:VALARM", "BEGIN:VTIMEZONE", "END:VTIMEZONE", "UID:a", "UID:b",
            "DTSTART:20250701T100000Z", "DTSTART;VALUE=DATE:20250701", "DTSTART;TZID=Europe/Berlin:20250701T100000", "DTSTART:2025",
            "DTEND:20250701T090000Z", "DTEND;TZID=Nowhere:20250701T110000", "DURATION:PT1H", "DURATION:-PT1H", "DURATION:P",
            "RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY;BYDAY=MO,XX", "RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR", "RRULE:COUNT=3",
            "RRULE:FREQ=MINUTELY;INTERVAL=0", "EXDATE:20250702T100000Z", "EXDATE;VALUE=DATE:20250702", "RDATE;VALUE=PERIOD:20250703T100000Z/PT1H",
            "RECURRENCE-ID:20250702T100000Z", "RECURRENCE-ID;RANGE=THISANDFUTURE:20250703T100000Z", "ATTENDEE;CN=\"A, B\":mailto:a@b.example",
            "ORGANIZER:mailto:", "SUMMARY:x\\, y\\n", "STATUS:CANCELLED", "X-WR-TIMEZONE:Europe/Berlin", " folded", "\tfolded", "",
            "garbage", ":", ";:", "BEGIN:VCALENDAR", "END:VCALENDAR", "VERSION:2.0", "BEGIN:", "END:");
        var files = lines.Array[0, 30].Select(body => "BEGIN:VCALENDAR\r\n" + string.Join("\r\n", body) + "\r\nEND:VCALENDAR\r\n");

        files.Sample(text =>
        {
            try
            {
                var meetings = IcsImport.Read(text, Utc(2025, 1, 1), Utc(2025, 12, 31), new CalendarImportOptions { MaxOccurrences = 500 });
                Assert.All(meetings, m => Assert.True(m.End >= m.Start));
            }
            catch (CalendarImportException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }, iter: 400);
    }

    [Fact]
    public void A_refusal_names_the_line_it_could_not_read()
    {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20250701T100000Z\r\nITEM1.X-THING:grouped\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        var ex = Assert.Throws<CalendarImportException>(() => IcsImport.Read(text, Utc(2025, 1, 1), Utc(2026, 1, 1)));

        Assert.Equal(6, ex.Line);
        Assert.Contains("Line 6 cannot be read", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void A_stream_with_a_byte_order_mark_is_read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Calendar(Event("UID:s", "SUMMARY:Überprüfung", "DTSTART:20250701T100000Z")))).ToArray();

        var meeting = Assert.Single(IcsImport.Read(new MemoryStream(bytes), Utc(2025, 1, 1), Utc(2026, 1, 1)));

        Assert.Equal("Überprüfung", meeting.Title);
    }

    [Fact]
    public void An_empty_window_is_a_mistake_of_the_caller()
    {
        Assert.Throws<ArgumentException>(() => IcsImport.Read(WeeklyReview, Utc(2025, 1, 1), Utc(2025, 1, 1)));
    }

    [Fact]
    public void Attendees_are_matched_to_contacts_by_email_regardless_of_case()
    {
        var meeting = IcsImport.Read(WeeklyReview, Utc(2025, 7, 10), Utc(2025, 7, 20))[0];
        var ben = Guid.NewGuid();
        var benAtOtherAccount = Guid.NewGuid();
        var matcher = new AttendeeMatcher(
        [
            new KnownContact(ben, "ben.okafor@client.example"),
            new KnownContact(benAtOtherAccount, "BEN.OKAFOR@CLIENT.EXAMPLE "),
            new KnownContact(Guid.NewGuid(), "someone@else.example"),
        ]);

        var people = matcher.Match(meeting);

        Assert.Equal(2, people.Count);
        Assert.True(people[0].IsOrganizer);
        Assert.False(people[0].IsKnown);
        Assert.Equal([ben, benAtOtherAccount], people[1].ContactIds);
        Assert.Equal([ben, benAtOtherAccount], matcher.KnownContacts([meeting, meeting]));
    }

    [Fact]
    public void An_address_on_a_meeting_twice_is_matched_once()
    {
        var meeting = new ImportedMeeting
        {
            Uid = "u",
            Title = "t",
            Start = Utc(2025, 1, 1),
            End = Utc(2025, 1, 1),
            TimeZoneId = "UTC",
            Organizer = new ImportedAttendee("anna@example.com", "Anna"),
            Attendees = [new ImportedAttendee("ANNA@example.com", "Anna"), new ImportedAttendee(null, "Room 4")],
        };
        var anna = Guid.NewGuid();

        var people = new AttendeeMatcher([new KnownContact(anna, "anna@example.com")]).Match(meeting);

        Assert.Equal([true, false], people.Select(p => p.IsOrganizer));
        Assert.Equal([anna], people[0].ContactIds);
        Assert.Empty(people[1].ContactIds);
    }
}
