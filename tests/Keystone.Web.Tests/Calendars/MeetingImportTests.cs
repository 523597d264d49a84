using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Keystone.Core.Activities;
using Keystone.Core.Activities.Calendars;
using Keystone.Core.Contacts;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Calendars;

/// <summary>Meetings imported from .ics files into an account: whole or not at all, and never twice.</summary>
public sealed partial class MeetingImportTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private static string ImportUrl(Guid accountId) => $"/api/v1/accounts/{accountId}/activities/ics";

    private const string Calendar = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Tests//Keystone//EN
        BEGIN:VEVENT
        UID:weekly-sync@example.com
        DTSTAMP:20250101T000000Z
        DTSTART;TZID=Europe/Berlin:20250303T090000
        DTEND;TZID=Europe/Berlin:20250303T093000
        RRULE:FREQ=WEEKLY;COUNT=4
        SUMMARY:Weekly sync
        ORGANIZER;CN=Owner:mailto:{owner}
        ATTENDEE;CN=Ada:mailto:{contact}
        END:VEVENT
        BEGIN:VEVENT
        UID:weekly-sync@example.com
        RECURRENCE-ID;TZID=Europe/Berlin:20250310T090000
        DTSTAMP:20250101T000000Z
        DTSTART;TZID=Europe/Berlin:20250310T110000
        DTEND;TZID=Europe/Berlin:20250310T120000
        SUMMARY:Weekly sync (moved)
        END:VEVENT
        BEGIN:VEVENT
        UID:contract-review@example.com
        DTSTAMP:20250101T000000Z
        DTSTART:20250401T130000Z
        DURATION:PT90M
        SUMMARY:Contract review
        LOCATION:Hamburg office
        DESCRIPTION:Walk through the renewal terms.
        ATTENDEE:mailto:{colleague}
        ATTENDEE:mailto:{CONTACT}
        ATTENDEE:mailto:stranger@elsewhere.example
        END:VEVENT
        BEGIN:VEVENT
        UID:called-off@example.com
        DTSTAMP:20250101T000000Z
        DTSTART:20250502T080000Z
        DTEND:20250502T090000Z
        STATUS:CANCELLED
        SUMMARY:Called off
        END:VEVENT
        END:VCALENDAR
        """;

    [Theory, AllDatabases]
    public async Task A_calendar_imports_its_meetings_with_people_matched_and_a_second_import_adds_nothing(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var colleague = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(owner, team: [colleague], more: new Core.Accounts.AccountInput { TimeZone = "Europe/Berlin" });
        var email = $"ada-{Guid.NewGuid():N}@client.example";
        var contact = await host.AsSystemAsync((d, _) => CreateContact.HandleAsync(d, new ContactInput { AccountId = account.Id, FirstName = "Ada", LastName = "Client", Email = email }));
        var file = Calendar.Replace("{owner}", owner.Email, StringComparison.Ordinal).Replace("{contact}", email, StringComparison.Ordinal)
            .Replace("{CONTACT}", email.ToUpperInvariant(), StringComparison.Ordinal).Replace("{colleague}", colleague.Email, StringComparison.Ordinal);
        using var client = host.ClientFor(owner);

        var result = await client.PostAsync(ImportUrl(account.Id), Form(file, from: "2025-01-01", to: "2025-12-31")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(6, result.GetProperty("meetings").GetInt32());
        Assert.Equal(0, result.GetProperty("alreadyImported").GetInt32());
        Assert.Equal(1, result.GetProperty("contactsMatched").GetInt32());
        Assert.Equal(1, result.GetProperty("colleaguesMatched").GetInt32());
        Assert.Equal("2025-01-01", result.Str("from"));
        var created = result.GetProperty("created").EnumerateArray().ToList();
        Assert.Equal(6, created.Count);
        var activities = await host.AsSystemAsync((d, _) => d.Activities.Include(a => a.Contacts).Include(a => a.Participants)
            .Where(a => a.AccountId == account.Id).ToListAsync());
        Assert.Equal(6, activities.Count);
        Assert.All(activities, a => Assert.Equal(ActivityType.Meeting, a.Type));
        Assert.All(activities, a => Assert.Equal(owner.Id, a.OwnerId));

        var series = activities.Where(a => a.Subject.StartsWith("Weekly sync", StringComparison.Ordinal)).OrderBy(a => a.StartsAt).ToList();
        Assert.Equal(
            [new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 10, 10, 0, 0, TimeSpan.Zero),
             new DateTimeOffset(2025, 3, 17, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 24, 8, 0, 0, TimeSpan.Zero)],
            series.Select(a => a.StartsAt.ToUniversalTime()));
        Assert.Equal("Weekly sync (moved)", series[1].Subject);
        Assert.Equal([30, 60, 30, 30], series.Select(a => a.DurationMinutes));
        Assert.All(series, a => Assert.Equal("Europe/Berlin", a.TimeZone));
        Assert.Equal([contact.Id], series[0].Contacts.Select(c => c.ContactId));
        Assert.Empty(series[0].Participants);

        var review = activities.Single(a => a.Subject == "Contract review");
        Assert.Equal(ActivityStatus.Completed, review.Status);
        Assert.Equal(90, review.DurationMinutes);
        Assert.Equal("Hamburg office", review.Location);
        Assert.Equal("Walk through the renewal terms.", review.Summary);
        Assert.Equal([colleague.Id], review.Participants.Select(p => p.UserId));
        Assert.Equal([contact.Id], review.Contacts.Select(c => c.ContactId));
        Assert.Equal(ActivityStatus.Cancelled, activities.Single(a => a.Subject == "Called off").Status);
        var links = await host.AsSystemAsync((d, _) => d.ActivityCalendarEvents.Where(e => e.AccountId == account.Id).ToListAsync());
        Assert.Equal(6, links.Count);
        Assert.Contains(links, l => l.Uid == "weekly-sync@example.com" && l.RecurrenceId == new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
        Assert.Contains(links, l => l.Uid == "contract-review@example.com" && l.RecurrenceId == null);

        // Again, and with a wider window: only what is new is added.
        var again = await client.PostAsync(ImportUrl(account.Id), Form(file, from: "2025-01-01", to: "2025-12-31")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(6, again.GetProperty("alreadyImported").GetInt32());
        Assert.Empty(again.GetProperty("created").EnumerateArray());
        Assert.Equal(6, await CountAsync(host, account.Id));
        var history = await client.GetAsync($"/api/v1/activities/{review.Id}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", history.GetProperty("items")[0].Str("action"));
    }

    [Theory, AllDatabases]
    public async Task A_file_that_cannot_be_read_is_refused_whole_naming_the_event(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(owner);
        const string broken = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Tests//Keystone//EN
            BEGIN:VEVENT
            UID:fine@example.com
            DTSTART:20250401T130000Z
            SUMMARY:A fine meeting
            END:VEVENT
            BEGIN:VEVENT
            UID:broken@example.com
            SUMMARY:The broken one
            END:VEVENT
            END:VCALENDAR
            """;
        using var client = host.ClientFor(owner);

        var problem = await client.PostAsync(ImportUrl(account.Id), Form(broken, from: "2025-01-01", to: "2025-12-31")).ExpectFieldErrorsAsync("file");

        Assert.Contains("The broken one", problem.ErrorsOf("file")[0], StringComparison.Ordinal);
        Assert.Contains("DTSTART", problem.ErrorsOf("file")[0], StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(host, account.Id));

        var vcard = await client.PostAsync(ImportUrl(account.Id), Form("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")).ExpectFieldErrorsAsync("file");
        Assert.Contains("not an iCalendar file", vcard.ErrorsOf("file")[0], StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Oversized_files_bad_windows_and_missing_files_are_400_naming_the_field(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(owner);
        using var client = host.ClientFor(owner);
        var url = ImportUrl(account.Id);

        var large = "BEGIN:VCALENDAR\r\n" + new string('X', ImportMeetings.MaxFileBytes) + "\r\nEND:VCALENDAR\r\n";
        var tooLarge = await client.PostAsync(url, Form(large)).ExpectFieldErrorsAsync("file");
        Assert.Contains("larger than 5 MB", tooLarge.ErrorsOf("file")[0], StringComparison.Ordinal);
        await client.PostAsync(url, Form(Calendar, from: "2025-12-31", to: "2025-01-01")).ExpectFieldErrorsAsync("to");
        await client.PostAsync(url, Form(Calendar, from: "2010-01-01", to: "2025-01-01")).ExpectFieldErrorsAsync("to");
        await client.PostAsync(url, Form(Calendar, from: "1 March")).ExpectFieldErrorsAsync("from");
        // The route takes multipart/form-data only; routing answers anything else before the handler runs.
        await client.PostAsync(url, new StringContent(Calendar, Encoding.UTF8, "text/calendar")).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using var noFile = new MultipartFormDataContent { { new StringContent("2025-01-01"), "from" } };
        await client.PostAsync(url, noFile).ExpectFieldErrorsAsync("file");
        Assert.Equal(0, await CountAsync(host, account.Id));
    }

    [Theory, AllDatabases]
    public async Task Only_those_who_may_log_activities_on_the_account_import(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(owner);

        await host.ClientFor(viewer).PostAsync(ImportUrl(account.Id), Form(Calendar)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await host.ClientFor(stranger).PostAsync(ImportUrl(account.Id), Form(Calendar)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await host.CreateAnonymousClient().PostAsync(ImportUrl(account.Id), Form(Calendar)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await CountAsync(host, account.Id));
    }

    public static TheoryData<DatabaseKind, string> DatasetFiles()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in Enum.GetValues<DatabaseKind>())
        {
            foreach (var file in CalendarDatasets.Files())
            {
                data.Add(kind, file);
            }
        }
        return data;
    }

    /// <summary>
    /// Calendars no one on the team wrote (../shared/datasets/icalendar_*): each imports, or is
    /// refused whole with a message saying why; nothing crashes and nothing is half imported.
    /// The window is the five years from the year of the file's first DTSTART, so that there is something to import.
    /// </summary>
    [Theory, MemberData(nameof(DatasetFiles))]
    public async Task Every_shared_calendar_imports_whole_or_is_refused_whole(DatabaseKind db, string file)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(owner);
        var bytes = await File.ReadAllBytesAsync(CalendarDatasets.PathOf(file));
        var text = Encoding.UTF8.GetString(bytes);
        var firstEvent = Math.Max(0, text.IndexOf("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase));
        var year = FirstStart().Match(text, firstEvent) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 2025;
        var from = new DateOnly(Math.Max(year, 1), 1, 1);
        var to = from.AddDays(5 * 365);
        using var client = host.ClientFor(owner);

        using var response = await client.PostAsync(ImportUrl(account.Id), Form(bytes, Path.GetFileName(file), from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
            var reason = problem.ErrorsOf("file")[0];
            Assert.True(reason.Length > 40, $"{file}: the refusal '{reason}' does not say enough.");
            Assert.DoesNotContain("Exception", reason, StringComparison.Ordinal);
            Assert.Equal(0, await CountAsync(host, account.Id));
            if (file.EndsWith(".vcf", StringComparison.Ordinal))
            {
                Assert.Contains("not an iCalendar file", reason, StringComparison.Ordinal);
            }
            return;
        }
        var result = await response.ExpectAsync(HttpStatusCode.OK);
        var created = result.GetProperty("created").GetArrayLength();
        Assert.Equal(result.GetProperty("meetings").GetInt32(), created);
        Assert.Equal(created, await CountAsync(host, account.Id));
        Assert.False(file.EndsWith(".vcf", StringComparison.Ordinal), $"{file} is a vCard, yet it was imported.");

        var again = await client.PostAsync(ImportUrl(account.Id), Form(bytes, Path.GetFileName(file), result.Str("from"), result.Str("to"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, again.GetProperty("created").GetArrayLength());
        Assert.Equal(created, again.GetProperty("alreadyImported").GetInt32());
        Assert.Equal(created, await CountAsync(host, account.Id));
    }

    private static Task<int> CountAsync(KeystoneHost host, Guid accountId) =>
        host.AsSystemAsync((d, _) => d.Activities.CountAsync(a => a.AccountId == accountId));

    internal static MultipartFormDataContent Form(string ics, string? from = null, string? to = null) =>
        Form(Encoding.UTF8.GetBytes(ics.ReplaceLineEndings("\r\n")), "calendar.ics", from, to);

    internal static MultipartFormDataContent Form(byte[] bytes, string fileName, string? from = null, string? to = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        form.Add(file, "file", fileName);
        if (from is not null)
        {
            form.Add(new StringContent(from), "from");
        }
        if (to is not null)
        {
            form.Add(new StringContent(to), "to");
        }
        return form;
    }

    [GeneratedRegex(@"(?m)^DTSTART[^:\r\n]*:(\d{4})")]
    private static partial Regex FirstStart();
}
