using Keystone.Core.Access;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

public sealed record UnmatchedCustomerItem(
    Guid Id, string Source, string ExternalId, string? Name, string? Country, int LineCount, UnmatchedCustomerStatus Status, DateTimeOffset LastSeenAt);

/// <summary>The customer ids of imported lines that no account carries and that nobody has dealt with yet.</summary>
public static class ListUnmatchedCustomers
{
    /// <exception cref="ForbiddenException">The actor may not import revenue.</exception>
    public static async Task<IReadOnlyList<UnmatchedCustomerItem>> HandleAsync(KeystoneDbContext db, string? source = null, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanImportRevenue(), "Only an administrator or a head of KAM can review unmatched customers.");
        var query = db.UnmatchedCustomers.AsNoTracking().Where(c => c.Status == UnmatchedCustomerStatus.Open);
        if (!string.IsNullOrWhiteSpace(source))
        {
            var lower = source.Trim().ToLowerInvariant();
            query = query.Where(c => c.Source == lower);
        }
        return await query
            .OrderByDescending(c => c.LineCount).ThenBy(c => c.Source).ThenBy(c => c.ExternalId)
            .Select(c => new UnmatchedCustomerItem(c.Id, c.Source, c.ExternalId, c.Name, c.Country, c.LineCount, c.Status, c.LastSeenAt))
            .ToListAsync(ct);
    }
}
