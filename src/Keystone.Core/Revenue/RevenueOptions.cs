using Keystone.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Core.Revenue;

/// <summary>
/// The company's revenue settings (KPIS.md, "Periods, scope, money"), from the configuration section
/// <c>Revenue</c>: <c>Revenue:ReportingCurrency</c> and <c>Revenue:ReportingTimeZone</c>.
/// </summary>
public sealed class RevenueOptions
{
    public const string Section = "Revenue";

    /// <summary>ISO 4217 code every amount is converted to; EUR by default.</summary>
    public string ReportingCurrency { get; set; } = "EUR";

    /// <summary>IANA time zone whose calendar dates the periods; UTC by default.</summary>
    public string ReportingTimeZone { get; set; } = "UTC";

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(ReportingTimeZone);

    /// <summary>The options from configuration, checked; an unknown currency or zone names the setting to fix.</summary>
    public static RevenueOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new RevenueOptions();
        configuration.GetSection(Section).Bind(options);
        options.Validate();
        return options;
    }

    /// <exception cref="ValidationException">The currency or the time zone is not known.</exception>
    public void Validate()
    {
        var v = new Validator();
        ReportingCurrency = v.Currency($"{Section}:ReportingCurrency", ReportingCurrency) ?? "";
        if (ReportingCurrency.Length == 0)
        {
            v.Add($"{Section}:ReportingCurrency", "The reporting currency is required; set an ISO 4217 code such as EUR.");
        }
        ReportingTimeZone = v.TimeZone($"{Section}:ReportingTimeZone", ReportingTimeZone) ?? "UTC";
        v.ThrowIfInvalid();
    }
}

public static class RevenueRegistration
{
    /// <summary>Binds <see cref="RevenueOptions"/> from the <c>Revenue</c> section and checks them when first read.</summary>
    public static IServiceCollection AddKeystoneRevenue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RevenueOptions>()
            .Bind(configuration.GetSection(RevenueOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            });
        return services;
    }
}
