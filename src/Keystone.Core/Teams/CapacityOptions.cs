using Keystone.Core.Common;

namespace Keystone.Core.Teams;

/// <summary>
/// How many accounts of each kind one KAM can look after well, from the configuration section
/// <c>Portfolio:Capacity</c>: <c>StrategicOrKey</c> (default 3) and <c>Managed</c> (default 25).
/// Standard accounts take little of a KAM's time and have no limit.
/// </summary>
public sealed class CapacityOptions
{
    public const string Section = "Portfolio:Capacity";

    /// <summary>Strategic key accounts and key accounts together.</summary>
    public int StrategicOrKey { get; set; } = 3;

    public int Managed { get; set; } = 25;

    /// <exception cref="ValidationException">A limit is negative; the error names the setting.</exception>
    public void Validate()
    {
        var v = new Validator();
        if (StrategicOrKey < 0)
        {
            v.Add($"{Section}:StrategicOrKey", "The capacity cannot be negative; set 0 or more strategic and key accounts per KAM.");
        }
        if (Managed < 0)
        {
            v.Add($"{Section}:Managed", "The capacity cannot be negative; set 0 or more managed accounts per KAM.");
        }
        v.ThrowIfInvalid();
    }
}
