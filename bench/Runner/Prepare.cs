using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Scale;
using Keystone.Core.Tokens;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Bench;

/// <summary>
/// Gives the administrator and one KAM of a seeded scale database a known password (for the page
/// timings) and an API token each (for the API load), and prints them with the ids the benchmarks read.
/// </summary>
internal static class Prepare
{
    public static async Task<int> RunAsync(Args args)
    {
        using var host = KeystoneServices.Build(args);
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var password = args.Get("password", "Bench-Password-1");
        var kamEmail = args["kam"];
        var hasher = new PasswordHasher<KeystoneUser>();
        foreach (var email in new[] { ScaleData.AdminEmail, kamEmail })
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.PasswordHash = hasher.HashPassword(user, password);
            user.MustChangePassword = false;
            await db.SaveChangesAsync();
            var (_, secret) = await ManageTokens.CreateAsync(db, user.Id, "benchmark", 30);
            var key = email == ScaleData.AdminEmail ? "ADMIN" : "KAM";
            Args.Print($"{key}_TOKEN", secret);
            Args.Print($"{key}_ID", user.Id);
            if (key == "KAM")
            {
                // An account of the KAM's own, for the account summary under their access rules.
                Args.Print("KAM_ACCOUNT", await db.Accounts.Where(a => a.OwnerId == user.Id).OrderBy(a => a.Name).Select(a => a.Id).FirstAsync());
            }
        }
        Args.Print("PASSWORD", password);
        return 0;
    }
}
