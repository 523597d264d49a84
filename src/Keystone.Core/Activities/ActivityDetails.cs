using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Contacts;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Activities;

public sealed record TaskRef(Guid Id, string Title, DateOnly DueDate, string Status, UserRef? Assignee);

/// <summary>An activity as the API returns it.</summary>
public sealed record ActivityDetails(
    Guid Id,
    AccountRef Account,
    string Type,
    string Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    int DurationMinutes,
    string Subject,
    string? Summary,
    string? Outcome,
    string? Location,
    UserRef? Owner,
    IReadOnlyList<UserRef> Participants,
    IReadOnlyList<ContactRef> Contacts,
    IReadOnlyList<TaskRef> Tasks,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    UserRef? UpdatedBy,
    int Version,
    bool CanEdit)
{
    internal static async Task<Activity> FindAsync(KeystoneDbContext db, Guid id, bool tracked, CancellationToken ct)
    {
        var query = db.Activities.Include(a => a.Account!).ThenInclude(a => a.TeamMembers).Include(a => a.Participants).Include(a => a.Contacts).AsSplitQuery();
        return await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("Activity", id);
    }

    internal static async Task<ActivityDetails> LoadAsync(KeystoneDbContext db, Guid id, CancellationToken ct)
    {
        var activity = await FindAsync(db, id, tracked: false, ct);
        var account = activity.Account!;
        var tasks = await db.WorkTasks.AsNoTracking().Where(t => t.ActivityId == id).OrderBy(t => t.DueDate).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.Title, t.DueDate, t.Status, t.AssigneeId }).ToListAsync(ct);
        var userIds = activity.Participants.Select(p => p.UserId)
            .Concat(tasks.Select(t => t.AssigneeId))
            .Append(activity.OwnerId)
            .Concat(new[] { activity.UpdatedById }.OfType<Guid>())
            .Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var contactIds = activity.Contacts.Select(c => c.ContactId).ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id))
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName)
            .Select(c => new ContactRef(c.Id, c.FirstName + " " + c.LastName)).ToListAsync(ct);
        return new ActivityDetails(
            activity.Id,
            new AccountRef(account.Id, account.Name),
            activity.Type.ToIdentifier(),
            activity.Status.ToIdentifier(),
            activity.StartsAt,
            activity.StartsAt.AddMinutes(activity.DurationMinutes),
            activity.TimeZone,
            activity.DurationMinutes,
            activity.Subject,
            activity.Summary,
            activity.Outcome,
            activity.Location,
            users.GetValueOrDefault(activity.OwnerId),
            [.. activity.Participants.Select(p => users.GetValueOrDefault(p.UserId)).OfType<UserRef>().OrderBy(u => u.DisplayName, StringComparer.Ordinal)],
            contacts,
            [.. tasks.Select(t => new TaskRef(t.Id, t.Title, t.DueDate, t.Status.ToString().ToLowerInvariant(), users.GetValueOrDefault(t.AssigneeId)))],
            activity.CreatedAt,
            activity.UpdatedAt,
            activity.UpdatedById is { } u ? users.GetValueOrDefault(u) : null,
            activity.Version,
            db.Actor.CanLogActivitiesOn(account));
    }
}

public static class GetActivity
{
    public static Task<ActivityDetails> HandleAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default) =>
        ActivityDetails.LoadAsync(db, id, ct);
}
