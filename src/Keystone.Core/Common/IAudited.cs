namespace Keystone.Core.Common;

/// <summary>
/// A record whose every create, update and delete is written to the audit trail, and whose
/// <see cref="Version"/> guards against lost updates (it is the ETag of the API).
/// </summary>
public interface IAudited
{
    Guid Id { get; }

    /// <summary>The account the record belongs to (itself for an account): access rules and history filter by it.</summary>
    Guid AuditAccountId { get; }

    DateTimeOffset CreatedAt { get; set; }
    Guid? CreatedById { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
    Guid? UpdatedById { get; set; }
    int Version { get; set; }
}
