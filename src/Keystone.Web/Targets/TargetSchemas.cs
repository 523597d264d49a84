namespace Keystone.Web.Targets;

// These records document request bodies in the OpenAPI document; JsonBody reads the bodies field by field.

/// <summary>
/// The fields of a target. On create: scope (kam, team or account), userId (for kam and team) or accountId
/// (for account), metric (revenue, gross-margin, retention, nrr, meetings-and-calls, additional-offerings),
/// period (2026-07, 2026-Q3 or 2026) and value: money in the reporting currency, rates as fractions (0.95),
/// counts as whole numbers. A PATCH may change the value only.
/// </summary>
public sealed record TargetWrite(string? Scope, Guid? UserId, Guid? AccountId, string? Metric, string? Period, decimal? Value);

/// <summary>
/// The fields of a pay plan. period is month, quarter or year (the period on-target pay is for); threshold a
/// fraction (0.8); cap a payout factor (1.5); accelerator the points paid per point above 100 % (2); the
/// components' weights are fractions adding up to 1; each member is a KAM with their on-target pay per period.
/// </summary>
public sealed record PayPlanWrite(
    string? Name,
    string? Period,
    decimal? Threshold,
    decimal? Cap,
    decimal? Accelerator,
    IReadOnlyList<PayComponentWrite>? Components,
    IReadOnlyList<PayMemberWrite>? Members);

public sealed record PayComponentWrite(string Metric, decimal Weight);

public sealed record PayMemberWrite(Guid UserId, decimal OnTargetPay);
