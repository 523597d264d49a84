using Keystone.Web.Data;
using Keystone.Core.Revenue;
using Keystone.Web.Access;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keystone.Bench;

/// <summary>Keystone's own services (database, Identity) on the benchmark's database, as the CLI builds them.</summary>
internal static class KeystoneServices
{
    public static IHost Build(Args args)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = args["provider"],
            ["ConnectionStrings:Keystone"] = args["connection"],
        });
        builder.Services.AddKeystoneDatabase(builder.Configuration);
        builder.Services.AddKeystoneRevenue(builder.Configuration);
        builder.Services.AddKeystoneAuthentication();
        return builder.Build();
    }
}
