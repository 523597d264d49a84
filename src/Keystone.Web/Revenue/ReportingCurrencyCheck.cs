using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Revenue;

/// <summary>
/// Before serving: is the stored revenue in the reporting currency now configured? When an administrator
/// changed <c>Revenue:ReportingCurrency</c> without converting the stored lines, every figure would mix
/// two currencies, so the web server does not start and says what to do instead.
/// </summary>
public static class ReportingCurrencyCheck
{
    /// <summary>Null when the stored revenue is in the configured currency; else the reason not to serve.</summary>
    public static async Task<string?> MismatchAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<RevenueOptions>>().Value;
        return await ConvertReportingCurrency.MismatchAsync(db, options.ReportingCurrency, ct);
    }
}
