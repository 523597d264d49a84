using Keystone.Core.Access;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

public sealed record ImportMappingItem(string Name, string Columns, DateTimeOffset UpdatedAt);

/// <summary>The column mappings saved for one source, by name.</summary>
public static class ListImportMappings
{
    /// <exception cref="ForbiddenException">The actor may not import revenue.</exception>
    public static async Task<IReadOnlyList<ImportMappingItem>> HandleAsync(KeystoneDbContext db, string? source, CancellationToken ct = default)
    {
        AccessRules.Demand(db.Actor.CanImportRevenue(), "Only an administrator or a head of KAM can see import mappings.");
        var lower = (source ?? "").Trim().ToLowerInvariant();
        return await db.ImportMappings.AsNoTracking()
            .Where(m => m.Source == lower)
            .OrderBy(m => m.Name)
            .Select(m => new ImportMappingItem(m.Name, m.Columns, m.UpdatedAt))
            .ToListAsync(ct);
    }
}
