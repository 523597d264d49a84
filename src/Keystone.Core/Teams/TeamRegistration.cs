using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Core.Teams;

public static class TeamRegistration
{
    /// <summary>Binds <see cref="CapacityOptions"/> from <c>Portfolio:Capacity</c> and checks them when first read.</summary>
    public static IServiceCollection AddKeystoneTeams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CapacityOptions>()
            .Bind(configuration.GetSection(CapacityOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            });
        return services;
    }
}
