using Keystone.Core.Activities;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Relationships;

/// <summary>
/// When we last had contact with people at a client: the latest completed activity (meeting, call, visit,
/// email, note) that named the person as a client participant; planned and cancelled ones do not count.
/// The relationship map and My work both read it from here.
/// </summary>
public static class LastContact
{
    /// <summary>The latest contact of each person named in <paramref name="links"/> who has had any; people never contacted are absent.</summary>
    public static async Task<Dictionary<Guid, DateTimeOffset>> ByContactAsync(KeystoneDbContext db, IQueryable<ActivityContact> links, CancellationToken ct = default)
    {
        // Held in memory: SQLite cannot aggregate the instants it stores as ticks.
        var contacts = await links
            .Join(db.Activities.Where(a => a.Status == ActivityStatus.Completed), l => l.ActivityId, a => a.Id, (l, a) => new { l.ContactId, a.StartsAt })
            .ToListAsync(ct);
        return contacts.GroupBy(c => c.ContactId).ToDictionary(g => g.Key, g => g.Max(c => c.StartsAt));
    }

    /// <summary>Whole days from <paramref name="last"/> to <paramref name="now"/>; null when there was none.</summary>
    public static int? DaysSince(DateTimeOffset now, DateTimeOffset? last) => last is { } l ? Math.Max(0, (int)(now - l).TotalDays) : null;

    /// <summary>Cold: no contact for at least <paramref name="coldAfterDays"/> days, or never.</summary>
    public static bool IsCold(int? days, int coldAfterDays) => days is null || days >= coldAfterDays;
}
