using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Demo;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Demo;

public static class DemoStartup
{
    public const string Flag = "--demo";

    /// <summary>Seeds the demo portfolio (once) and prints fresh one-time passwords for its users.</summary>
    public static async Task SeedAndPrintAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KeystoneUser>>();
        var logins = await DemoData.SeedAsync(
            db,
            users,
            scope.ServiceProvider.GetRequiredService<IDatabaseProvider>(),
            scope.ServiceProvider.GetRequiredService<IOptions<RevenueOptions>>().Value,
            ct);
        DemoData.PrintLogins(logins, output);
    }
}
