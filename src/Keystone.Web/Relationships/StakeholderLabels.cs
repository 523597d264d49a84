using Keystone.Core.Relationships;

namespace Keystone.Web.Relationships;

/// <summary>The labels people read for the identifiers the use cases return.</summary>
public static class StakeholderLabels
{
    public static string? BuyingRole(string? identifier) =>
        StakeholderNames.TryParseBuyingRole(identifier, out var role) ? role.ToLabel() : identifier;

    public static string? Attitude(string? identifier) =>
        StakeholderNames.TryParseAttitude(identifier, out var attitude) ? attitude.ToLabel() : identifier;

    public static MudBlazor.Color AttitudeColor(string? identifier) => identifier switch
    {
        "supporter" => MudBlazor.Color.Success,
        "opponent" => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };
}
