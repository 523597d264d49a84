using System.Globalization;
using System.Text;
using Keystone.Core.Access;
using Keystone.Core.Activities.Calendars;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Serilog.AspNetCore;

namespace Keystone.Web.Calendars;

/// <summary>The personal calendar feed (its URL and its management API) and the import of meetings from .ics files.</summary>
public static class CalendarEndpoints
{
    public const string MediaType = "text/calendar";

    /// <summary>The feed's route: outside the API, since the secret in the URL is its only credential.</summary>
    public const string FeedRoute = "/calendar/{token}.ics";

    public static IServiceCollection AddKeystoneCalendars(this IServiceCollection services)
    {
        // A feed URL is a credential: the request log names the route, never the secret in it.
        services.Configure<RequestLoggingOptions>(options =>
        {
            var properties = options.GetMessageTemplateProperties;
            options.GetMessageTemplateProperties = (http, path, elapsed, status) =>
                properties(http, IsFeed(path) ? FeedRoute : path, elapsed, status);
        });
        return services;
    }

    /// <summary>The management API, under /api/v1.</summary>
    public static IEndpointRouteBuilder MapCalendars(this IEndpointRouteBuilder api)
    {
        const string feed = "/me/calendar-feed";
        api.MapGet(feed, GetFeedAsync).WithTags("Calendars").WithName("GetCalendarFeed")
            .WithSummary("Your calendar feed: when it was made and last fetched (its URL was shown once, at creation).");
        api.MapPost(feed, CreateFeedAsync).WithTags("Calendars").WithName("CreateCalendarFeed")
            .WithSummary("Makes your calendar feed URL to subscribe to from Outlook or Google Calendar; a feed made before stops working.")
            .WithDescription(
                $"The answer holds the URL (https and webcal) once; Keystone keeps only a hash of its secret. The feed has your meetings, " +
                $"calls and visits and the due dates of your open tasks, from {PersonalCalendar.DaysBack} days ago to {PersonalCalendar.DaysAhead} days ahead, " +
                "as your access allows at each refresh.");
        api.MapDelete(feed, RevokeFeedAsync).WithTags("Calendars").WithName("RevokeCalendarFeed")
            .WithSummary("Stops your calendar feed: its URL answers 404 from now on.");

        api.MapPost("/accounts/{id:guid}/activities/ics", ImportAsync).WithTags("Calendars").WithName("ImportMeetingsFromIcs")
            .WithSummary("Logs the meetings of an iCalendar (.ics) file as meetings of the account, all of them or none.")
            .WithDescription(
                $"Send multipart/form-data with the file in the field 'file' (at most {ImportMeetings.MaxFileBytes / (1024 * 1024)} MB). " +
                $"Recurring meetings are expanded between 'from' and 'to' (dates, both included; by default {ImportMeetings.DefaultDaysBack} days back " +
                $"and {ImportMeetings.DefaultDaysAhead} days ahead, at most {ImportMeetings.MaxWindowDays:N0} days), at most {ImportMeetings.MaxMeetings:N0} meetings. " +
                "Attendees are matched to the account's contacts, and to Keystone users as participants, by email address. " +
                "Importing the same file again adds only meetings not imported before. A file that cannot be read is refused whole with 400 naming the event or line.")
            .Accepts<MeetingImportForm>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>The feed itself: GET (and HEAD) with the secret in the path, no cookie and no token.</summary>
    public static IEndpointRouteBuilder MapCalendarFeed(this IEndpointRouteBuilder app)
    {
        app.MapMethods(FeedRoute, [HttpMethods.Get, HttpMethods.Head], FeedAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The feed's https:// and webcal:// URLs for a secret, under the site's address (ending in '/').</summary>
    public static (string Https, string Webcal) FeedUrls(string siteUrl, string secret)
    {
        var https = siteUrl + ManageCalendarFeed.PathOf(secret);
        var scheme = https.IndexOf("://", StringComparison.Ordinal);
        return (https, "webcal" + https[scheme..]);
    }

    private static async Task<IResult> FeedAsync(string token, HttpContext http, KeystoneDbContext db, CurrentActor current, CancellationToken ct)
    {
        var userId = await ManageCalendarFeed.AuthenticateAsync(db, token, ct);
        var actor = userId is { } id ? await ActorLoader.LoadAsync(db, id, ct) : null;
        // Unknown, revoked, deactivated or locked out: all look the same, so a URL tells nobody whether it once worked.
        if (actor is null)
        {
            return TypedResults.NotFound();
        }
        current.Set(actor);
        var text = await PersonalCalendar.HandleAsync(db, SiteUrl(http.Request), ct);
        http.Response.Headers.CacheControl = "private, no-cache";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.File(Encoding.UTF8.GetBytes(text), MediaType + "; charset=utf-8");
    }

    private static async Task<Ok<CalendarFeedDetails>> GetFeedAsync(KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ManageCalendarFeed.GetAsync(db, ct));

    private static async Task<Created<CalendarFeedSubscription>> CreateFeedAsync(HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        var created = await ManageCalendarFeed.CreateAsync(db, ct);
        var (https, webcal) = FeedUrls(SiteUrl(request), created.Secret);
        return TypedResults.Created("/api/v1/me/calendar-feed", new CalendarFeedSubscription(created.Feed, https, webcal));
    }

    private static async Task<NoContent> RevokeFeedAsync(KeystoneDbContext db, CancellationToken ct)
    {
        await ManageCalendarFeed.RevokeAsync(db, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeetingImportResult>> ImportAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new ValidationException("file",
                $"Send the .ics file as multipart/form-data in the field 'file', not as '{request.ContentType ?? "no content type"}'.");
        }
        if (request.ContentLength > ImportMeetings.MaxFileBytes + 64 * 1024)
        {
            throw ImportMeetings.TooLarge();
        }
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file")
            ?? throw new ValidationException("file", "Attach the .ics file in the form field 'file'.");
        if (file.Length > ImportMeetings.MaxFileBytes)
        {
            throw ImportMeetings.TooLarge();
        }
        var errors = new Validator();
        var from = Date(errors, "from", form["from"].FirstOrDefault() ?? request.Query["from"].FirstOrDefault());
        var to = Date(errors, "to", form["to"].FirstOrDefault() ?? request.Query["to"].FirstOrDefault());
        errors.ThrowIfInvalid();
        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await ImportMeetings.HandleAsync(db, id, stream, from, to, ct));
    }

    private static DateOnly? Date(Validator errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors.Add(field, $"'{value}' is not a date; write it as 2026-03-31.");
        return null;
    }

    /// <summary>The site's address as the caller reached it (through a proxy, as it says), ending in '/'.</summary>
    internal static string SiteUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";

    private static bool IsFeed(string path) =>
        path.StartsWith("/calendar/", StringComparison.OrdinalIgnoreCase) && path.EndsWith(".ics", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A new calendar feed and its URLs: the secret is in them, shown this once.</summary>
public sealed record CalendarFeedSubscription(CalendarFeedDetails Feed, string HttpsUrl, string WebcalUrl);

/// <summary>The form of an .ics import: the file, and optionally the window to expand recurring meetings in.</summary>
public sealed record MeetingImportForm(IFormFile File, string? From, string? To);
