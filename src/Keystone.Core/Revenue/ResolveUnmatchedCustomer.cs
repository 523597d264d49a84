using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Core.Revenue;

/// <summary>
/// Deals with an unmatched customer: links it to an account, creates an account for it, or ignores it.
/// Linking and creating give the account the customer id for the source, so later imports match it,
/// and attribute the customer's unattributed lines to it, in one transaction.
/// </summary>
public static class ResolveUnmatchedCustomer
{
    /// <exception cref="NotFoundException">No such open customer, or no such account the actor can see.</exception>
    /// <exception cref="ConflictException">Another account already carries the customer id.</exception>
    public static async Task<UnmatchedCustomerItem> LinkAsync(KeystoneDbContext db, Guid id, Guid accountId, CancellationToken ct = default)
    {
        Demand(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = await OpenAsync(db, id, ct);
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
        {
            throw new NotFoundException("Account", accountId);
        }
        await EnsureFreeAsync(db, customer, ct);
        db.AccountExternalIds.Add(new AccountExternalId { AccountId = accountId, Source = customer.Source, ExternalId = customer.ExternalId });
        await db.SaveChangesAsync(ct);
        await AttributeAsync(db, customer, accountId, UnmatchedCustomerStatus.Linked, ct);
        await transaction.CommitAsync(ct);
        return Item(customer);
    }

    /// <summary>Creates an account named after the customer, owned by <paramref name="ownerId"/> (the actor by default).</summary>
    public static async Task<(UnmatchedCustomerItem Customer, Guid AccountId)> CreateAccountAsync(KeystoneDbContext db, Guid id, Guid? ownerId, CancellationToken ct = default)
    {
        Demand(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = await OpenAsync(db, id, ct);
        await EnsureFreeAsync(db, customer, ct);
        var account = await CreateAccount.HandleAsync(db, new AccountInput
        {
            Name = new Optional<string?>(customer.Name ?? customer.ExternalId),
            Country = new Optional<string?>(customer.Country),
            OwnerId = ownerId is null ? default : new Optional<Guid?>(ownerId),
            ExternalIds = new Optional<IReadOnlyList<ExternalIdInput>?>([new ExternalIdInput(customer.Source, customer.ExternalId)]),
        }, ct);
        await AttributeAsync(db, customer, account.Id, UnmatchedCustomerStatus.Created, ct);
        await transaction.CommitAsync(ct);
        return (Item(customer), account.Id);
    }

    /// <summary>Leaves the customer's lines unattributed on purpose; later imports no longer list it.</summary>
    public static async Task<UnmatchedCustomerItem> IgnoreAsync(KeystoneDbContext db, Guid id, CancellationToken ct = default)
    {
        Demand(db);
        var customer = await OpenAsync(db, id, ct);
        customer.Status = UnmatchedCustomerStatus.Ignored;
        await db.SaveChangesAsync(ct);
        return Item(customer);
    }

    private static void Demand(KeystoneDbContext db) =>
        AccessRules.Demand(db.Actor.CanImportRevenue(), "Only an administrator or a head of KAM can review unmatched customers.");

    private static async Task<UnmatchedCustomer> OpenAsync(KeystoneDbContext db, Guid id, CancellationToken ct) =>
        await db.UnmatchedCustomers.SingleOrDefaultAsync(c => c.Id == id && c.Status == UnmatchedCustomerStatus.Open, ct)
        ?? throw new NotFoundException("Unmatched customer", id);

    private static async Task EnsureFreeAsync(KeystoneDbContext db, UnmatchedCustomer customer, CancellationToken ct)
    {
        var taken = await db.AccountExternalIds.IgnoreQueryFilters()
            .AnyAsync(x => x.Source.ToLower() == customer.Source && x.ExternalId == customer.ExternalId, ct);
        if (taken)
        {
            throw new ConflictException(
                $"An account already carries {customer.Source} id {customer.ExternalId}; import again to attribute the lines to it, or ignore this customer.");
        }
    }

    private static async Task AttributeAsync(KeystoneDbContext db, UnmatchedCustomer customer, Guid accountId, UnmatchedCustomerStatus status, CancellationToken ct)
    {
        await db.InvoiceLines.IgnoreQueryFilters()
            .Where(l => l.Source == customer.Source && l.CustomerExternalId == customer.ExternalId && l.AccountId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.AccountId, accountId), ct);
        customer.Status = status;
        customer.AccountId = accountId;
        customer.LineCount = 0;
        await db.SaveChangesAsync(ct);
        // The lines now count for the account instead of as unattributed revenue: the KPIs changed.
        await Kpis.RevenueRevision.BumpAsync(db, ct);
    }

    private static UnmatchedCustomerItem Item(UnmatchedCustomer c) =>
        new(c.Id, c.Source, c.ExternalId, c.Name, c.Country, c.LineCount, c.Status, c.LastSeenAt);
}
