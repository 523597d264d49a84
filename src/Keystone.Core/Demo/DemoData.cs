using Keystone.Core.Data;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Demo;

public sealed record DemoLogin(string Email, string DisplayName, KeystoneRole Role, string Password);

/// <summary>The demo portfolio. (Placeholder: users only; the full portfolio comes next.)</summary>
public static class DemoData
{
    public static async Task<IReadOnlyList<DemoLogin>> SeedAsync(KeystoneDbContext db, UserManager<KeystoneUser> users, CancellationToken ct = default)
    {
        var logins = new List<DemoLogin>();
        foreach (var (email, name, role) in new[] { ("admin@demo.keystone.test", "Ada Admin", KeystoneRole.Administrator), ("head@demo.keystone.test", "Hana Head", KeystoneRole.HeadOfKam) })
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
            var password = OneTimePassword.Generate();
            if (user is null)
            {
                user = new KeystoneUser { Id = Guid.CreateVersion7(), Email = email, UserName = email, DisplayName = name, Role = role, CreatedAt = db.Clock.GetUtcNow() };
                await users.CreateAsync(user, password);
            }
            else
            {
                await users.RemovePasswordAsync(user);
                await users.AddPasswordAsync(user, password);
            }
            logins.Add(new DemoLogin(email, name, role, password));
        }
        return logins;
    }

    public static void PrintLogins(IReadOnlyList<DemoLogin> logins, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Keystone demo: sign in with one of these users (passwords are new at every start):");
        foreach (var login in logins)
        {
            output.WriteLine($"  {login.Role.ToIdentifier(),-13} {login.Email,-36} {login.Password}");
        }
        output.WriteLine();
    }
}
