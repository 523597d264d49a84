namespace Keystone.Core.Portfolio;

/// <summary>
/// How far the relationship with an account has developed (Millman and Wilson, as used by McDonald):
/// from a first exploration to an integrated partnership.
/// </summary>
public enum RelationshipStage
{
    Exploratory = 1,
    Basic = 2,
    Cooperative = 3,
    Interdependent = 4,
    Integrated = 5,
}

public static class RelationshipStages
{
    public static string ToIdentifier(this RelationshipStage stage) => stage.ToString().ToLowerInvariant();

    public static bool TryParse(string? identifier, out RelationshipStage stage)
    {
        foreach (var candidate in Enum.GetValues<RelationshipStage>())
        {
            if (string.Equals(candidate.ToIdentifier(), identifier?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                stage = candidate;
                return true;
            }
        }
        stage = default;
        return false;
    }

    public static string Choices => string.Join(", ", Enum.GetValues<RelationshipStage>().Select(s => s.ToIdentifier()));
}
