using Keystone.Core.Common;

namespace Keystone.Core.Kpis;

public enum KpiScopeKind
{
    /// <summary>Every account, and the unattributed revenue reported apart.</summary>
    Company,

    /// <summary>One account.</summary>
    Account,

    /// <summary>An account with all its subsidiaries, at any depth.</summary>
    AccountTree,

    /// <summary>The accounts a user owns.</summary>
    Kam,

    /// <summary>The accounts a user and everyone they manage, directly or through others, own.</summary>
    Team,
}

/// <summary>
/// The set of accounts a KPI is about (KPIS.md, "Periods, scope, money"), written as on the command
/// line and in the API: <c>company</c>, <c>account:ID</c>, <c>account-tree:ID</c>, <c>kam:EMAIL</c>
/// or <c>team:EMAIL</c>.
/// </summary>
public sealed record KpiScope(KpiScopeKind Kind, Guid AccountId = default, string? Email = null)
{
    public static KpiScope Company { get; } = new(KpiScopeKind.Company);

    public override string ToString() => Kind switch
    {
        KpiScopeKind.Company => "company",
        KpiScopeKind.Account => $"account:{AccountId}",
        KpiScopeKind.AccountTree => $"account-tree:{AccountId}",
        KpiScopeKind.Kam => $"kam:{Email}",
        _ => $"team:{Email}",
    };

    /// <exception cref="ValidationException">The text is not one of the five forms; the error names <paramref name="field"/>.</exception>
    public static KpiScope Parse(string? text, string field = "scope")
    {
        var value = text?.Trim() ?? "";
        if (value.Equals("company", StringComparison.OrdinalIgnoreCase))
        {
            return Company;
        }
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? "" : value[..colon].ToLowerInvariant();
        var argument = colon < 0 ? "" : value[(colon + 1)..].Trim();
        switch (kind)
        {
            case "account" or "account-tree":
                if (!Guid.TryParse(argument, out var id))
                {
                    throw new ValidationException(field, $"'{argument}' is not an account id; write {kind}: followed by the account's id, such as {kind}:0190f3a2-7c4e-7d1a-9b8e-2f5c6d7e8f90.");
                }
                return new(kind == "account" ? KpiScopeKind.Account : KpiScopeKind.AccountTree, id);
            case "kam" or "team":
                if (argument.Length == 0 || !argument.Contains('@', StringComparison.Ordinal))
                {
                    throw new ValidationException(field, $"'{argument}' is not an email; write {kind}: followed by the user's email, such as {kind}:ada@example.com.");
                }
                return new(kind == "kam" ? KpiScopeKind.Kam : KpiScopeKind.Team, default, argument);
            default:
                throw new ValidationException(field,
                    $"'{value}' is not a scope; use company, account:ID, account-tree:ID, kam:EMAIL or team:EMAIL.");
        }
    }
}
