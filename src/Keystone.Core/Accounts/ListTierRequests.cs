using System.Linq.Expressions;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Accounts;

/// <summary>Tier requests of the accounts the actor can see: the head of KAM's queue, or one account's tier history.</summary>
public static class ListTierRequests
{
    public sealed record Query
    {
        /// <summary>pending, approved, refused or withdrawn.</summary>
        public string? Status { get; init; }
        public Guid? AccountId { get; init; }

        /// <summary>createdAt (oldest first) or -createdAt (newest first, the default).</summary>
        public string? Sort { get; init; }
        public int? PageSize { get; init; }
        public string? PageToken { get; init; }
    }

    public static async Task<Page<TierRequestDetails>> HandleAsync(KeystoneDbContext db, Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Paging.CheckPageSize(query.PageSize);
        var requests = db.TierRequests.AsNoTracking();
        var v = new Validator();
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            if (TierRequestStatuses.TryParse(query.Status, out var status))
            {
                requests = requests.Where(r => r.Status == status);
            }
            else
            {
                v.Add("status", $"'{query.Status}' is not a status; use pending, approved, refused or withdrawn.");
            }
        }
        if (query.AccountId is { } accountId)
        {
            requests = requests.Where(r => r.AccountId == accountId);
        }
        var sort = string.IsNullOrWhiteSpace(query.Sort) ? "-createdAt" : query.Sort.Trim();
        if (sort is not ("createdAt" or "-createdAt" or "+createdAt"))
        {
            v.Add("sort", $"Cannot sort by '{query.Sort}'; use createdAt, or -createdAt for newest first.");
        }
        v.ThrowIfInvalid();

        var keyset = new Keyset<TierRequest>("createdAt", sort.StartsWith('-'), (Expression<Func<TierRequest, DateTimeOffset>>)(r => r.CreatedAt), r => r.Id);
        var total = await requests.CountAsync(ct);
        var rows = await keyset.Apply(requests, query.PageToken).Take(pageSize).ToListAsync(ct);
        return new Page<TierRequestDetails>(await TierRequestDetails.FromAsync(db, rows, ct), keyset.NextToken(rows, pageSize), total);
    }

    public static Task<TierRequestDetails> GetAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default) =>
        TierRequestDetails.LoadAsync(db, id, ct);
}
