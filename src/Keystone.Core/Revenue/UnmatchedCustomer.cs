using System.Text.Json.Serialization;

namespace Keystone.Core.Revenue;

/// <summary>Written as lowercase text in the API, like every other status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UnmatchedCustomerStatus>))]
public enum UnmatchedCustomerStatus
{
    /// <summary>Waiting for someone to link it to an account, create one, or ignore it.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>Linked to an existing account.</summary>
    [JsonStringEnumMemberName("linked")]
    Linked,

    /// <summary>An account was created for it.</summary>
    [JsonStringEnumMemberName("created")]
    Created,

    /// <summary>Its lines stay unattributed on purpose.</summary>
    [JsonStringEnumMemberName("ignored")]
    Ignored,
}

/// <summary>
/// A customer id that invoice lines name but no account carries as its external id for the source:
/// its lines are stored unattributed until someone links or creates the account.
/// </summary>
public sealed class UnmatchedCustomer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Source { get; set; } = "";
    public string ExternalId { get; set; } = "";

    /// <summary>The name the last import gave.</summary>
    public string? Name { get; set; }

    /// <summary>ISO 3166-1 alpha-2, when the file gave a known country.</summary>
    public string? Country { get; set; }

    /// <summary>Stored lines of this customer that have no account.</summary>
    public int LineCount { get; set; }

    public UnmatchedCustomerStatus Status { get; set; }

    /// <summary>The account it was linked to or created as.</summary>
    public Guid? AccountId { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
