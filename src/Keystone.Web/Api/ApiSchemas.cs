namespace Keystone.Web.Api;

// These records document request bodies in the OpenAPI document. Bodies are read field by field
// by JsonBody, so that a merge patch can tell an absent field from a null one.

/// <summary>
/// The fields of an account a client may set. On create, name is required. Only the head of KAM and
/// administrators set tier to another value (others ask with a tier request); isGlobal marks a group
/// (an account without a parent) as a global account.
/// </summary>
public sealed record AccountWrite(
    string? Name,
    string? LegalName,
    string? Industry,
    string? Country,
    string? TimeZone,
    string? Currency,
    string? Website,
    string? Tier,
    Guid? OwnerId,
    Guid? ParentAccountId,
    bool? IsGlobal,
    IReadOnlyList<TeamMemberWrite>? Team,
    IReadOnlyList<ExternalIdWrite>? ExternalIds);

public sealed record TeamMemberWrite(Guid UserId, string Role);

public sealed record ExternalIdWrite(string Source, string Id);

/// <summary>
/// The fields of a contact a client may set. On create, accountId, firstName and lastName are required.
/// buyingRole is one of decision-maker, economic-buyer, technical-buyer, influencer, champion, user,
/// gatekeeper, blocker; attitude one of supporter, neutral, opponent; influence and relationshipStrength
/// run from 1 to 5; relationshipOwnerId names an active user. Each may be null for unknown.
/// </summary>
public sealed record ContactWrite(
    Guid? AccountId,
    string? FirstName,
    string? LastName,
    string? Title,
    string? Email,
    string? Phone,
    Guid? ReportsToId,
    string? BuyingRole,
    int? Influence,
    string? Attitude,
    Guid? RelationshipOwnerId,
    int? RelationshipStrength);

/// <summary>The fields of a user an administrator may set. On create, email and role are required.</summary>
public sealed record UserWrite(string? Email, string? DisplayName, string? Role, string? Manager, bool? IsActive);

public sealed record TokenWrite(string Name, int? ExpiresInDays);
