using System.Text.Json;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Audit;

public sealed record HistoryEntry(long Id, DateTimeOffset At, UserRef? User, string Action, IReadOnlyList<FieldChange> Changes);

public static class GetHistory
{
    /// <summary>
    /// The history of one record, newest first. The record must be visible to the actor (through
    /// the access filter of its own set), otherwise it answers not-found, as for the record itself.
    /// </summary>
    public static async Task<Page<HistoryEntry>> HandleAsync(
        KeystoneDbContext db, string entityType, Guid id, int? pageSize, string? pageToken, CancellationToken ct = default)
    {
        var visible = entityType switch
        {
            nameof(Account) => await db.Accounts.AnyAsync(a => a.Id == id, ct),
            nameof(Contacts.Contact) => await db.Contacts.AnyAsync(c => c.Id == id, ct),
            nameof(Activities.Activity) => await db.Activities.AnyAsync(a => a.Id == id, ct),
            nameof(Activities.WorkTask) => await db.WorkTasks.AnyAsync(t => t.Id == id, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(entityType)),
        };
        if (!visible)
        {
            throw new NotFoundException(entityType, id);
        }

        var size = Paging.CheckPageSize(pageSize);
        var query = db.AuditEntries.AsNoTracking().Where(e => e.EntityType == entityType && e.EntityId == id);
        var total = await query.CountAsync(ct);
        if (!string.IsNullOrEmpty(pageToken))
        {
            if (!long.TryParse(pageToken, System.Globalization.CultureInfo.InvariantCulture, out var before))
            {
                throw new ValidationException("pageToken", "The page token is not one Keystone issued; start again from the first page.");
            }
            query = query.Where(e => e.Id < before);
        }
        var rows = await query.OrderByDescending(e => e.Id).Take(size).ToListAsync(ct);
        var userIds = rows.Select(r => r.UserId).OfType<Guid>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new UserRef(u.Id, u.DisplayName), ct);
        var items = rows.Select(r => new HistoryEntry(
            r.Id,
            r.At,
            r.UserId is { } u ? users.GetValueOrDefault(u) : null,
            r.Action.ToString().ToLowerInvariant(),
            JsonSerializer.Deserialize<List<FieldChange>>(r.Changes, JsonSerializerOptions.Web) ?? [])).ToList();
        var next = rows.Count == size ? rows[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new Page<HistoryEntry>(items, next, total);
    }
}
