using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Keystone.Web.Users;

internal static class UserAdministration
{
    /// <summary>
    /// Runs a user use case in a scope of its own. The user manager tracks the users it loads in
    /// its context; a change that failed validation must not linger there for the rest of the circuit.
    /// </summary>
    public static async Task<T> RunAsync<T>(this IServiceScopeFactory scopes, Actor actor, Func<KeystoneDbContext, UserManager<KeystoneUser>, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(actor);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KeystoneUser>>();
        return await action(db, users);
    }

    public static string RoleName(string identifier) =>
        KeystoneRoles.TryParse(identifier, out var role) ? role.DisplayName() : identifier;
}
