using System.Text;
using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Audit;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Relationships;
using Keystone.Web.Api;
using Keystone.Web.Relationships;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keystone.Web.Activities;

public static class ActivityEndpoints
{
    /// <summary>After how many days without a completed activity an account counts as quiet on My work; 30 unless configured.</summary>
    public const string QuietAfterDaysSetting = "Activities:QuietAfterDays";

    public static int QuietAfterDays(IConfiguration configuration) =>
        configuration.GetValue(QuietAfterDaysSetting, MyWork.DefaultQuietAfterDays) is var days and > 0 ? days : MyWork.DefaultQuietAfterDays;

    public static IEndpointRouteBuilder MapActivities(this IEndpointRouteBuilder api)
    {
        var activities = api.MapGroup("/activities").WithTags("Activities");
        activities.MapGet("/", ListActivitiesAsync).WithName("ListActivities")
            .WithSummary("Lists the activities of accounts you may see, newest first, a page at a time.");
        activities.MapPost("/", CreateActivityAsync).WithName("CreateActivity")
            .WithSummary("Logs a meeting, call, visit, email or note on an account; its next steps become tasks.")
            .Accepts<ActivityWrite>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        activities.MapGet("/{id:guid}", GetActivityAsync).WithName("GetActivity").WithSummary("One activity, with its ETag.");
        activities.MapPatch("/{id:guid}", PatchActivityAsync).WithName("UpdateActivity")
            .WithSummary("Changes an activity by JSON merge patch; If-Match must carry the ETag you read.")
            .Accepts<ActivityWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        activities.MapDelete("/{id:guid}", DeleteActivityAsync).WithName("DeleteActivity")
            .WithSummary("Removes an activity; the tasks that came from it stay.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        activities.MapGet("/{id:guid}/history", ActivityHistoryAsync).WithName("GetActivityHistory").WithSummary("Who changed what on the activity, newest first.");
        activities.MapGet("/{id:guid}/ics", ActivityIcsAsync).WithName("GetActivityIcs")
            .WithSummary("The activity as an iCalendar (.ics) file, to open in or attach to a calendar.")
            .Produces<string>(StatusCodes.Status200OK, ActivityCalendar.MediaType);

        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapGet("/", ListTasksAsync).WithName("ListTasks").WithSummary("Lists the tasks of accounts you may see, by due date, a page at a time.");
        tasks.MapPost("/", CreateTaskAsync).WithName("CreateTask")
            .WithSummary("Adds a task to an account, for yourself, a junior you manage or a contributor on the account's team.")
            .Accepts<TaskWrite>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        tasks.MapGet("/{id:guid}", GetTaskAsync).WithName("GetTask").WithSummary("One task, with its ETag.");
        tasks.MapPatch("/{id:guid}", PatchTaskAsync).WithName("UpdateTask")
            .WithSummary("Changes a task by JSON merge patch; its assignee may change its status. If-Match must carry the ETag you read.")
            .Accepts<TaskWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        tasks.MapDelete("/{id:guid}", DeleteTaskAsync).WithName("DeleteTask").WithSummary("Removes a task.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        tasks.MapGet("/{id:guid}/history", TaskHistoryAsync).WithName("GetTaskHistory").WithSummary("Who changed what on the task, newest first.");

        api.MapGet("/accounts/{id:guid}/timeline", AccountTimelineAsync).WithTags("Activities").WithName("GetAccountTimeline")
            .WithSummary("The account's activities, tasks and changes in one stream, newest first, a page at a time.")
            .WithDescription("kinds is a comma-separated list of activity, task and change (all when left out); type keeps only activities of that type. "
                + "An activity sits at its start, a task at its creation, a change at the time it was made.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/accounts/{id:guid}/task-assignees", TaskAssigneesAsync).WithTags("Tasks").WithName("ListTaskAssignees")
            .WithSummary("The people you may give a task on the account to: yourself, juniors you manage, contributors on its team; empty if you may not add tasks there.");
        api.MapGet("/me/reminders", MyRemindersAsync).WithTags("Tasks").WithName("GetMyReminders")
            .WithSummary("Your reminders that are due: open tasks assigned to you whose reminder time has passed, the earliest first.")
            .WithDescription("Keystone sends no email; this list, the badge in the app and the alarms of the calendar feed are how reminders reach you.");
        api.MapGet("/me/work", MyWorkAsync).WithTags("Activities").WithName("GetMyWork")
            .WithSummary("Your overdue and due-today tasks, your meetings of today and this week, in timeZone (UTC unless given), and your reminders that are due.")
            .WithDescription(
                "goingCold lists the client contacts whose relationship you own with no completed activity naming them for the configured number of days " +
                $"(Relationships:ColdAfterDays, {RelationshipMap.DefaultColdAfterDays} unless set) or ever, the most influential first, then the longest silent. " +
                "quietAccounts lists the accounts you own with no completed activity for the configured number of days " +
                $"(Activities:QuietAfterDays, {MyWork.DefaultQuietAfterDays} unless set) or ever, the quietest first. " +
                $"Each lists at most {MyWork.ListLimit}; total counts them all.");
        api.MapGet("/kams/{id:guid}/meetings-and-calls", MeetingsAndCallsAsync).WithTags("Activities").WithName("GetMeetingsAndCalls")
            .WithSummary("Completed meetings and calls of a KAM per period (KPIS.md): their own, and their team's counting each activity once.")
            .WithDescription("For yourself, the people you manage, or anyone if you see every account. period is month (default), quarter or year; from and to name periods such as 2026-01.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Ok<Page<ActivityListItem>>> ListActivitiesAsync(
        KeystoneDbContext db, Guid? accountId, string? type, string? status, DateTimeOffset? from, DateTimeOffset? to, string? participant,
        string? sort, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await ListActivities.HandleAsync(db, new ListActivities.Query
        {
            AccountId = accountId,
            Type = type,
            Status = status,
            From = from,
            To = to,
            Participant = participant,
            Sort = sort,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct));

    private static async Task<Created<ActivityDetails>> CreateActivityAsync(HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var activity = await CreateActivity.HandleAsync(db, await ReadActivityAsync(request, ct), ct);
        ETags.Set(response, activity.Version);
        return TypedResults.Created($"/api/v1/activities/{activity.Id}", activity);
    }

    private static async Task<Ok<ActivityDetails>> GetActivityAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var activity = await GetActivity.HandleAsync(db, id, ct);
        ETags.Set(response, activity.Version);
        return TypedResults.Ok(activity);
    }

    private static async Task<Ok<ActivityDetails>> PatchActivityAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var input = await ReadActivityAsync(request, ct);
        var activity = await UpdateActivity.HandleAsync(db, id, expected, input, ct);
        ETags.Set(response, activity.Version);
        return TypedResults.Ok(activity);
    }

    private static async Task<NoContent> DeleteActivityAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        await DeleteActivity.HandleAsync(db, id, ETags.ReadIfMatch(request, required: false), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<HistoryEntry>>> ActivityHistoryAsync(Guid id, KeystoneDbContext db, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await GetHistory.HandleAsync(db, nameof(Activity), id, pageSize, pageToken, ct));

    private static async Task<FileContentHttpResult> ActivityIcsAsync(Guid id, KeystoneDbContext db, CancellationToken ct)
    {
        var (text, fileName) = await ActivityCalendar.HandleAsync(db, id, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(text), ActivityCalendar.MediaType + "; charset=utf-8", fileName);
    }

    private static async Task<Ok<Page<TaskListItem>>> ListTasksAsync(
        KeystoneDbContext db, Guid? accountId, string? status, string? assignee, bool? overdue, string? timeZone,
        DateOnly? from, DateOnly? to, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await ListTasks.HandleAsync(db, new ListTasks.Query
        {
            AccountId = accountId,
            Status = status,
            Assignee = assignee,
            Overdue = overdue,
            TimeZone = timeZone,
            From = from,
            To = to,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct));

    private static async Task<Created<TaskDetails>> CreateTaskAsync(HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var task = await CreateTask.HandleAsync(db, await ReadTaskAsync(request, ct), ct);
        ETags.Set(response, task.Version);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", task);
    }

    private static async Task<Ok<TaskDetails>> GetTaskAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var task = await GetTask.HandleAsync(db, id, ct);
        ETags.Set(response, task.Version);
        return TypedResults.Ok(task);
    }

    private static async Task<Ok<TaskDetails>> PatchTaskAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var input = await ReadTaskAsync(request, ct);
        var task = await UpdateTask.HandleAsync(db, id, expected, input, ct);
        ETags.Set(response, task.Version);
        return TypedResults.Ok(task);
    }

    private static async Task<NoContent> DeleteTaskAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        await DeleteTask.HandleAsync(db, id, ETags.ReadIfMatch(request, required: false), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<HistoryEntry>>> TaskHistoryAsync(Guid id, KeystoneDbContext db, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await GetHistory.HandleAsync(db, nameof(WorkTask), id, pageSize, pageToken, ct));

    private static async Task<Ok<Page<TimelineEntry>>> AccountTimelineAsync(
        Guid id, KeystoneDbContext db, string? kinds, string? type, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await GetAccountTimeline.HandleAsync(db, new GetAccountTimeline.Query
        {
            AccountId = id,
            Kinds = kinds,
            Type = type,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct));

    private static async Task<Ok<IReadOnlyList<UserRef>>> TaskAssigneesAsync(Guid id, KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await TaskAssignees.HandleAsync(db, id, ct));

    private static async Task<Ok<DueReminders>> MyRemindersAsync(KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Reminders.DueAsync(db, ct));

    private static async Task<Ok<MyWorkOverview>> MyWorkAsync(KeystoneDbContext db, IConfiguration configuration, string? timeZone, CancellationToken ct) =>
        TypedResults.Ok(await MyWork.HandleAsync(db, timeZone, RelationshipEndpoints.ColdAfterDays(configuration), QuietAfterDays(configuration), ct));

    private static async Task<Ok<MeetingsAndCallsReport>> MeetingsAndCallsAsync(
        Guid id, KeystoneDbContext db, string? period, string? from, string? to, string? timeZone, CancellationToken ct) =>
        TypedResults.Ok(await MeetingsAndCalls.HandleAsync(db, new MeetingsAndCalls.Query { UserId = id, Period = period, From = from, To = to, TimeZone = timeZone }, ct));

    private static async Task<ActivityInput> ReadActivityAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new ActivityInput
        {
            AccountId = body.Guid("accountId"),
            Type = body.String("type"),
            Status = body.String("status"),
            StartsAt = body.String("startsAt"),
            TimeZone = body.String("timeZone"),
            DurationMinutes = body.Int("durationMinutes"),
            Subject = body.String("subject"),
            Summary = body.String("summary"),
            Outcome = body.String("outcome"),
            Location = body.String("location"),
            ParticipantIds = body.Array("participantIds", ReadId),
            ContactIds = body.Array("contactIds", ReadId),
            NextSteps = body.Array("nextSteps", (e, path, v) => new NextStepInput(
                JsonBody.ReadString(e, path, "title", v), JsonBody.ReadString(e, path, "dueDate", v), JsonBody.ReadString(e, path, "assigneeId", v))),
        };
        body.ThrowIfInvalid();
        return input;
    }

    private static string? ReadId(System.Text.Json.JsonElement element, string path, Validator errors)
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            errors.Add(path, "must be an id string.");
            return null;
        }
        return element.GetString();
    }

    private static async Task<TaskInput> ReadTaskAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new TaskInput
        {
            AccountId = body.Guid("accountId"),
            Title = body.String("title"),
            Notes = body.String("notes"),
            DueDate = body.String("dueDate"),
            DueAt = body.String("dueAt"),
            Status = body.String("status"),
            AssigneeId = body.Guid("assigneeId"),
            ActivityId = body.Guid("activityId"),
            ReminderAt = body.String("reminderAt"),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
