using System.Text.Json;
using Keystone.Core.Common;
using Keystone.Core.Kpis;
using Keystone.Core.Targets;

namespace Keystone.Core.Pay;

/// <summary>One weighted metric of a pay plan: the weights of a plan sum to 1 (100 %).</summary>
public sealed record PayComponent(TargetMetric Metric, decimal Weight);

/// <summary>A KAM paid under a plan, with their variable pay at 100 % attainment for one period of the plan.</summary>
public sealed record PayMember(Guid UserId, decimal OnTargetPay);

/// <summary>
/// A variable-pay plan (docs/pay.md): weighted metrics, a threshold below which a component pays
/// nothing, an accelerator above 100 %, a cap on each component's payout factor, and the KAMs it pays
/// with their on-target amount per period (a month, quarter or year: <see cref="Granularity"/>).
/// </summary>
/// <remarks>
/// A plan is a small document read and written whole, so its components and members are kept as JSON
/// in two columns: a change to them is an ordinary field change, versioned and audited with the plan (ADR 0005).
/// </remarks>
public sealed class PayPlan : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public PeriodGranularity Granularity { get; set; } = PeriodGranularity.Quarter;

    /// <summary>The attainment (a fraction) below which a component pays 0.</summary>
    public decimal Threshold { get; set; }

    /// <summary>The highest payout factor of a component (1.5 = 150 % of its on-target amount).</summary>
    public decimal Cap { get; set; }

    /// <summary>How much each point of attainment above 100 % pays, in points (2 = double).</summary>
    public decimal Accelerator { get; set; }

    public string ComponentsJson { get; set; } = "[]";
    public string MembersJson { get; set; } = "[]";

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    // A plan belongs to no account; its history is kept under the empty id.
    Guid IAudited.AuditAccountId => Guid.Empty;

    public IReadOnlyList<PayComponent> Components
    {
        get => JsonSerializer.Deserialize<List<StoredComponent>>(ComponentsJson, JsonSerializerOptions.Web)!
            .Select(c => new PayComponent(TargetMetrics.TryParse(c.Metric, out var m) ? m : throw new InvalidOperationException($"Unknown metric '{c.Metric}' in pay plan {Id}."), c.Weight))
            .ToList();
        set => ComponentsJson = JsonSerializer.Serialize(value.Select(c => new StoredComponent(c.Metric.ToIdentifier(), c.Weight)), JsonSerializerOptions.Web);
    }

    public IReadOnlyList<PayMember> Members
    {
        get => JsonSerializer.Deserialize<List<PayMember>>(MembersJson, JsonSerializerOptions.Web)!;
        set => MembersJson = JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
    }

    public PayTerms Terms => new(Threshold, Cap, Accelerator, Components);

    private sealed record StoredComponent(string Metric, decimal Weight);
}
