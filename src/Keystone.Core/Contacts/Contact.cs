using Keystone.Core.Common;
using Keystone.Core.Relationships;

namespace Keystone.Core.Contacts;

/// <summary>A person at a client account.</summary>
public sealed class Contact : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? Title { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>The contact's manager at the client; the org chart is drawn from it.</summary>
    public Guid? ReportsToId { get; set; }

    /// <summary>The part they play in buying from us; null while nobody knows.</summary>
    public BuyingRole? BuyingRole { get; set; }

    /// <summary>How much weight their word carries, 1 (little) to 5 (decisive).</summary>
    public int? Influence { get; set; }

    public Attitude? Attitude { get; set; }

    /// <summary>The colleague who holds the relationship with this person on our side.</summary>
    public Guid? RelationshipOwnerId { get; set; }

    /// <summary>How strong that relationship is, 1 (barely met) to 5 (trusted).</summary>
    public int? RelationshipStrength { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    public Accounts.Account? Account { get; set; }

    public string FullName => $"{FirstName} {LastName}".Trim();

    Guid IAudited.AuditAccountId => AccountId;
}
