using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Web.Components;

namespace Keystone.Web.Accounts;

/// <summary>What the account form holds while someone types: strings as typed, turned into an input on save.</summary>
public sealed class AccountFormModel
{
    public string? Name { get; set; }
    public string? LegalName { get; set; }
    public string? Industry { get; set; }
    public string? Country { get; set; }
    public string? TimeZone { get; set; }
    public string? Currency { get; set; }
    public string? Website { get; set; }
    public string Tier { get; set; } = AccountTier.Standard.ToIdentifier();
    public Guid? OwnerId { get; set; }
    public AccountRef? Parent { get; set; }
    public bool IsGlobal { get; set; }
    public List<TeamRow> Team { get; set; } = [];
    public List<ExternalIdRow> ExternalIds { get; set; } = [];

    public sealed class TeamRow
    {
        public Guid? UserId { get; set; }
        public string? Role { get; set; }
    }

    public sealed class ExternalIdRow
    {
        public string? Source { get; set; }
        public string? Id { get; set; }
    }

    public static AccountFormModel From(AccountDetails account) => new()
    {
        Name = account.Name,
        LegalName = account.LegalName,
        Industry = account.Industry,
        Country = account.Country,
        TimeZone = account.TimeZone,
        Currency = account.Currency,
        Website = account.Website,
        Tier = account.Tier,
        OwnerId = account.Owner.Id,
        Parent = account.Parent,
        IsGlobal = account.IsGlobal,
        Team = [.. account.Team.Select(m => new TeamRow { UserId = m.UserId, Role = m.Role })],
        ExternalIds = [.. account.ExternalIds.Select(x => new ExternalIdRow { Source = x.Source, Id = x.Id })],
    };

    /// <summary>Rows the form can tell are incomplete before asking the server: a team row needs a person.</summary>
    public FormErrors CheckRows()
    {
        var errors = new FormErrors();
        for (var i = 0; i < Team.Count; i++)
        {
            if (Team[i].UserId is null)
            {
                errors.Add($"team[{i}].userId", $"Team row {i + 1} names nobody; pick a person or remove the row.");
            }
        }
        return errors;
    }

    /// <summary>
    /// Every field of the form; the owner only when this person may choose it, so that a save by
    /// someone who cannot hand accounts over never reads as a handover.
    /// </summary>
    public AccountInput ToInput(bool includeOwner) => new()
    {
        Name = Name,
        LegalName = LegalName,
        Industry = Industry,
        Country = Country,
        TimeZone = TimeZone,
        Currency = Currency,
        Website = Website,
        Tier = Tier,
        OwnerId = includeOwner ? OwnerId : Optional<Guid?>.Unset,
        ParentAccountId = Parent?.Id,
        IsGlobal = IsGlobal,
        Team = Team.Select(m => new TeamMemberInput(m.UserId ?? Guid.Empty, m.Role)).ToList(),
        ExternalIds = ExternalIds.Select(x => new ExternalIdInput(x.Source, x.Id)).ToList(),
    };

    /// <summary>The form as a person reads it, field by field, to compare with someone else's save.</summary>
    public IReadOnlyList<(string Field, string? Value)> Describe(Func<Guid, string> userName) =>
    [
        ("Name", Name),
        ("Legal name", LegalName),
        ("Industry", Industry),
        ("Country", Country?.ToUpperInvariant()),
        ("Time zone", TimeZone),
        ("Currency", Currency?.ToUpperInvariant()),
        ("Website", Website),
        ("Tier", AccountTiers.TryParse(Tier, out var tier) ? tier.DisplayName() : Tier),
        ("Owner", OwnerId is { } owner ? userName(owner) : null),
        ("Parent account", Parent?.Name),
        ("Global account", IsGlobal ? "Yes" : "No"),
        ("Account team", string.Join(", ", Team
            .Select(m => $"{(m.UserId is { } id ? userName(id) : "nobody")} ({m.Role?.Trim()})")
            .Order(StringComparer.CurrentCultureIgnoreCase))),
        ("External ids", string.Join(", ", ExternalIds
            .Select(x => $"{x.Source?.Trim()}: {x.Id?.Trim()}")
            .Order(StringComparer.OrdinalIgnoreCase))),
    ];
}
