using Keystone.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Core.Kpis;

/// <summary>
/// The KPI settings of KPIS.md, from the configuration section <c>Kpis</c>: the ABC cut-offs
/// <c>Kpis:Abc:A</c> and <c>Kpis:Abc:B</c>, as fractions (0.80 for 80 %).
/// </summary>
public sealed class KpiOptions
{
    public const string Section = "Kpis";

    public AbcOptions Abc { get; set; } = new();

    /// <summary>
    /// How often, in seconds, a web server checks whether the company's stored dashboard figures are
    /// behind the revenue and computes them again (ADR 0012); 0 turns the check off.
    /// </summary>
    public int SnapshotRefreshSeconds { get; set; } = 15;

    /// <exception cref="ValidationException">The cut-offs are not 0 ≤ A ≤ B ≤ 1.</exception>
    public void Validate()
    {
        var v = new Validator();
        if (Abc.A < 0 || Abc.A > Abc.B || Abc.B > 1)
        {
            v.Add($"{Section}:Abc", $"The ABC cut-offs must satisfy 0 ≤ A ≤ B ≤ 1, as fractions such as 0.80 and 0.95; got A = {Abc.A}, B = {Abc.B}.");
        }
        if (SnapshotRefreshSeconds < 0)
        {
            v.Add($"{Section}:{nameof(SnapshotRefreshSeconds)}", $"Give a number of seconds, or 0 to turn the refresh off; got {SnapshotRefreshSeconds}.");
        }
        v.ThrowIfInvalid();
    }
}

public sealed class AbcOptions
{
    /// <summary>An account is A while the share of revenue ranked before it is below this.</summary>
    public decimal A { get; set; } = AbcThresholds.Default.A;

    /// <summary>An account is B while the share of revenue ranked before it is below this.</summary>
    public decimal B { get; set; } = AbcThresholds.Default.B;

    public AbcThresholds Thresholds => new(A, B);
}

public static class KpiRegistration
{
    /// <summary>Binds <see cref="KpiOptions"/> from the <c>Kpis</c> section and checks them when first read.</summary>
    public static IServiceCollection AddKeystoneKpis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KpiOptions>()
            .Bind(configuration.GetSection(KpiOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            });
        return services;
    }
}
