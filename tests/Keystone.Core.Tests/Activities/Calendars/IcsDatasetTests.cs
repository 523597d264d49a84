using Keystone.Core.Activities.Calendars;

namespace Keystone.Core.Tests.Activities.Calendars;

/// <summary>Calendars no one on the team wrote: ../shared/datasets/icalendar_biweekly and icalendar_ical.js.</summary>
public sealed class IcsDatasetTests
{
    private static readonly DateTimeOffset From = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CalendarImportOptions Options = new() { MaxOccurrences = 20_000 };

    // Each with the reason it is refused; every other file imports.
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["samples__timezone_from_file.ics"] = "'Nowhere/Middle'",              // a made-up zone, defined only in the file
        ["test__parser__component.ics"] = "has no start time (DTSTART)",
        ["test__parser__grouped.ics"] = "Line 2 cannot be read",               // GROUP1.X-TEST: Ical.Net reads no grouped properties
        ["test__parser__period.ics"] = "All Periods of a PeriodList must have the same timezone",
        ["test__parser__escape_semicolon.vcf"] = "not an iCalendar file",      // the vCards of ical.js's parser tests
        ["test__parser__vcard.vcf"] = "not an iCalendar file",
        ["test__parser__vcard3.vcf"] = "not an iCalendar file",
        ["test__parser__vcard_author.vcf"] = "not an iCalendar file",
        ["test__parser__vcard_grouped.vcf"] = "not an iCalendar file",
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in SharedDatasets.FilesUnder("icalendar_biweekly").Concat(SharedDatasets.FilesUnder("icalendar_ical.js")))
        {
            data.Add(file);
        }
        return data;
    }

    private static IReadOnlyList<ImportedMeeting> Import(string folder, string file) =>
        IcsImport.Read(File.ReadAllText(SharedDatasets.File(folder, file)), From, To, Options);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_file_imports_whole_or_is_refused_whole(string file)
    {
        var text = File.ReadAllText(SharedDatasets.PathOf(file));
        IReadOnlyList<ImportedMeeting>? meetings = null;
        CalendarImportException? refusal = null;
        try
        {
            meetings = IcsImport.Read(text, From, To, Options);
        }
        catch (CalendarImportException ex)
        {
            refusal = ex;
        }

        if (Refused.TryGetValue(Path.GetFileName(file), out var reason))
        {
            Assert.NotNull(refusal);
            Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
            return;
        }
        Assert.True(refusal is null, refusal?.Message);
        Assert.NotNull(meetings);
        Assert.Equal(meetings.OrderBy(m => m.Start), meetings);
        Assert.All(meetings, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.Uid));
            Assert.True(m.End >= m.Start);
            Assert.True(m.Start < To && (m.End > From || m.Start >= From));
            Assert.False(string.IsNullOrEmpty(m.TimeZoneId));
        });
        Assert.Equal(meetings.Count, meetings.DistinctBy(m => (m.Uid, m.RecurrenceId, m.Start)).Count());
    }

    [Fact]
    public void The_outlook_2010_invitation_is_read_with_its_windows_zone_and_people()
    {
        var meeting = Assert.Single(Import("icalendar_biweekly", "outlook-2010.ics"));

        Assert.Equal("Team Meeting", meeting.Title);
        Assert.Equal(new DateTimeOffset(2013, 6, 10, 12, 0, 0, TimeSpan.FromHours(-4)), meeting.Start);
        Assert.Equal(meeting.Start.AddHours(1), meeting.End);
        Assert.Equal("America/New_York", meeting.TimeZoneId);   // TZID "Eastern Standard Time"
        Assert.Equal("Auditorium 16", meeting.Location);
        Assert.Equal("Meeting will discuss objectives for next project.\nWill include a presentation and food.", meeting.Description);
        Assert.Equal(new ImportedAttendee("bobsmith@example.com", "Smith, Bob"), meeting.Organizer);
        Assert.Equal(["johndoe@example.com", "janedoe@example.com"], meeting.Attendees.Select(a => a.Email));
        Assert.Equal("Doe, John", meeting.Attendees[0].Name);
        Assert.Null(meeting.RecurrenceId);
        Assert.Equal("040000009200E00074C5B7101A82E00800000000C0383BE6804" + "1CE0100000000000000001000000070D00A2F625AC34BB6542DE0D19E67E1", meeting.Uid);
    }

    [Fact]
    public void A_daily_series_ends_at_its_until_instant()
    {
        var meetings = Import("icalendar_biweekly", "issues__issue101.ics");

        // UNTIL=20201010T145800Z stops before the 10th's 17:00 in Berlin (15:00Z).
        Assert.Equal(Enumerable.Range(4, 6).Select(day => new DateTimeOffset(2020, 10, day, 17, 0, 0, TimeSpan.FromHours(2))), meetings.Select(m => m.Start));
        Assert.All(meetings, m => Assert.Equal(m.Start, m.RecurrenceId));
    }

    [Fact]
    public void A_date_exdate_removes_that_day_from_a_counted_series()
    {
        var meetings = Import("icalendar_ical.js", "samples__rdate_exdate.ics");

        Assert.Equal([9, 10, 12], meetings.Select(m => m.Start.Day));
        Assert.All(meetings, m => Assert.Equal(TimeSpan.Zero, m.Start.Offset));
    }

    [Fact]
    public void Changed_occurrences_replace_theirs_even_when_the_recurrence_id_is_in_utc()
    {
        var meetings = Import("icalendar_ical.js", "samples__recur_instances.ics")
            .Where(m => m.Start < new DateTimeOffset(2012, 12, 1, 0, 0, 0, TimeSpan.Zero))
            .ToList();

        Assert.Equal(
        [
            new DateTimeOffset(2012, 10, 2, 15, 0, 0, TimeSpan.FromHours(-7)),   // moved from 10:00 (RECURRENCE-ID with TZID)
            new DateTimeOffset(2012, 11, 6, 10, 0, 0, TimeSpan.FromHours(-8)),   // the first Tuesday
            new DateTimeOffset(2012, 11, 6, 20, 0, 0, TimeSpan.FromHours(-8)),   // the RDATE of the 5th, moved (RECURRENCE-ID in UTC)
            new DateTimeOffset(2012, 11, 10, 10, 0, 0, TimeSpan.FromHours(-8)),  // RDATEs
            new DateTimeOffset(2012, 11, 30, 10, 0, 0, TimeSpan.FromHours(-8)),
        ], meetings.Select(m => m.Start));
        Assert.Equal(new DateTimeOffset(2012, 11, 5, 18, 0, 0, TimeSpan.Zero), meetings[2].RecurrenceId);
        Assert.Equal(new DateTimeOffset(2012, 10, 2, 10, 0, 0, TimeSpan.FromHours(-7)), meetings[0].RecurrenceId);
    }

    [Fact]
    public void Google_birthdays_are_all_day_in_the_calendars_zone()
    {
        var meetings = Import("icalendar_ical.js", "samples__google_birthday.ics");

        // Two series of the same birthdays: one of RDATEs written as "20131210Z" (read as dates),
        // one of changed occurrences whose series is not in the file.
        Assert.Equal(6, meetings.Count);
        Assert.All(meetings.GroupBy(m => m.Uid), series =>
            Assert.Equal([2012, 2013, 2014], series.Select(m => m.Start.Year)));
        Assert.All(meetings, m =>
        {
            Assert.True(m.IsAllDay);
            Assert.Equal("PErson #2's birthday", m.Title);
            Assert.Equal(TimeSpan.Zero, m.Start.TimeOfDay);
            Assert.Equal(m.Start.AddDays(1), m.End);
        });
        Assert.Equal(new DateTime(2012, 12, 10), meetings[0].Start.DateTime);
    }

    [Fact]
    public void A_duration_stands_in_for_the_end()
    {
        var meeting = Assert.Single(Import("icalendar_ical.js", "samples__duration_instead_of_dtend.ics"));

        Assert.Equal(new DateTimeOffset(2012, 6, 30, 6, 0, 0, TimeSpan.FromHours(-7)), meeting.Start);
        Assert.Equal(meeting.Start.AddDays(1), meeting.End);
    }

    [Fact]
    public void The_cap_refuses_a_daily_series_over_many_years()
    {
        var text = File.ReadAllText(SharedDatasets.File("icalendar_ical.js", "samples__daily_recur.ics"));

        var ex = Assert.Throws<CalendarImportException>(() => IcsImport.Read(text, From, To, new CalendarImportOptions { MaxOccurrences = 1_000 }));

        Assert.Contains("more than 1,000 meetings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Every day recurring'", ex.Message, StringComparison.Ordinal);
    }
}
