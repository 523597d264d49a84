using Keystone.Core.Access;
using Keystone.Core.Users;

namespace Keystone.Core.Tokens;

/// <summary>
/// The API token a request was made with: whose it is, with which role, and until when it works.
/// Built from what authenticated the request, without reading the database, so that an integration
/// can check its token (and the server) as often as it likes.
/// </summary>
public sealed record CurrentToken(Guid Id, Guid UserId, string Role, DateTimeOffset ExpiresAt)
{
    public static CurrentToken Of(TokenGrant grant, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(actor);
        return new CurrentToken(grant.TokenId, grant.UserId, actor.Role.ToIdentifier(), grant.ExpiresAt);
    }
}
