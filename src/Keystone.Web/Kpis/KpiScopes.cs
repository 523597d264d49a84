using Keystone.Core.Access;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Kpis;

/// <summary>What the dashboard pages share about scopes: the default one, its name on screen, an error's message.</summary>
public static class KpiScopes
{
    /// <summary>The scope asked for, else the company for those who see every account, else the actor's own portfolio.</summary>
    public static async Task<string> DefaultAsync(IDbContextFactory<KeystoneDbContext> factory, Actor actor, string? asked)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(actor);
        if (!string.IsNullOrWhiteSpace(asked))
        {
            return asked.Trim();
        }
        if (actor.SeesAll)
        {
            return "company";
        }
        await using var db = await factory.CreateDbContextAsync();
        var id = actor.RequireUserId();
        var email = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.Email).SingleAsync();
        return $"kam:{email}";
    }

    /// <summary>"Company", "Team of Ada Lovelace", "Ada Lovelace" or the account's name; the text itself when it names nobody visible.</summary>
    public static async Task<string> NameAsync(KeystoneDbContext db, string scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        KpiScope parsed;
        try
        {
            parsed = KpiScope.Parse(scope);
        }
        catch (ValidationException)
        {
            return scope;
        }
        switch (parsed.Kind)
        {
            case KpiScopeKind.Company:
                return "Company";
            case KpiScopeKind.Account or KpiScopeKind.AccountTree:
                var name = await db.Accounts.AsNoTracking().Where(a => a.Id == parsed.AccountId).Select(a => a.Name).SingleOrDefaultAsync();
                return name is null ? scope : parsed.Kind == KpiScopeKind.Account ? name : $"{name} with subsidiaries";
            default:
                var normalized = parsed.Email!.ToUpperInvariant();
                var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.DisplayName).SingleOrDefaultAsync();
                return user is null ? scope : parsed.Kind == KpiScopeKind.Team ? $"Team of {user}" : user;
        }
    }

    public static string Message(Exception e) => e is ValidationException v
        ? "These figures cannot be computed: " + string.Join(" ", v.Errors.Values.SelectMany(m => m))
        : e.Message;
}
