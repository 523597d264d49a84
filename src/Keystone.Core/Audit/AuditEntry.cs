namespace Keystone.Core.Audit;

/// <summary>One create, update or delete of an audited record. Rows are only ever inserted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Who did it; null for the system (seeding, migrations).</summary>
    public Guid? UserId { get; set; }

    public string EntityType { get; set; } = "";
    public Guid EntityId { get; set; }

    /// <summary>The account the record belongs to, so history follows the account's access rules.</summary>
    public Guid AccountId { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>Each changed field with its old and new value, as JSON: <c>[{"field":"name","old":"A","new":"B"}]</c>.</summary>
    public string Changes { get; set; } = "[]";
}

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

public sealed record FieldChange(string Field, string? Old, string? New);
