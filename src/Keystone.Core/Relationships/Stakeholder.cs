namespace Keystone.Core.Relationships;

/// <summary>The part a person at the client plays in a buying decision.</summary>
public enum BuyingRole
{
    DecisionMaker,
    EconomicBuyer,
    TechnicalBuyer,
    Influencer,
    Champion,
    User,
    Gatekeeper,
    Blocker,
}

/// <summary>How a person at the client stands towards us.</summary>
public enum Attitude
{
    Supporter,
    Neutral,
    Opponent,
}

/// <summary>The identifiers of the API ("decision-maker", "supporter") and the labels people read.</summary>
public static class StakeholderNames
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    public static readonly IReadOnlyList<BuyingRole> BuyingRoles = Enum.GetValues<BuyingRole>();
    public static readonly IReadOnlyList<Attitude> Attitudes = Enum.GetValues<Attitude>();

    public static string ToIdentifier(this BuyingRole role) => Kebab(role.ToString());

    public static string ToIdentifier(this Attitude attitude) => Kebab(attitude.ToString());

    public static string ToLabel(this BuyingRole role) => role switch
    {
        BuyingRole.DecisionMaker => "Decision maker",
        BuyingRole.EconomicBuyer => "Economic buyer",
        BuyingRole.TechnicalBuyer => "Technical buyer",
        _ => role.ToString(),
    };

    public static string ToLabel(this Attitude attitude) => attitude.ToString();

    public static bool TryParseBuyingRole(string? identifier, out BuyingRole role)
    {
        foreach (var candidate in BuyingRoles)
        {
            if (string.Equals(candidate.ToIdentifier(), identifier?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static bool TryParseAttitude(string? identifier, out Attitude attitude)
    {
        foreach (var candidate in Attitudes)
        {
            if (string.Equals(candidate.ToIdentifier(), identifier?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                attitude = candidate;
                return true;
            }
        }
        attitude = default;
        return false;
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
