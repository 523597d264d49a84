using System.Globalization;
using System.Text.Json;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Activities;
using Keystone.Core.Audit;
using Keystone.Core.Common;
using Keystone.Core.Contacts;
using Keystone.Core.Relationships;
using Keystone.Core.Revenue;
using Keystone.Core.Tokens;
using Keystone.Core.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Keystone.Core.Data;

/// <summary>
/// The one unit of work of Keystone, on SQLite or PostgreSQL. Its query filters are the read side
/// of the access rules; its <see cref="SaveChangesAsync(bool, CancellationToken)"/> stamps audit
/// fields, bumps versions and appends the audit trail in the same transaction as the change.
/// </summary>
public sealed class KeystoneDbContext : IdentityUserContext<KeystoneUser, Guid>, IDataProtectionKeyContext
{
    private ICurrentActor currentActor = NoActor.Instance;
    private TimeProvider clock = TimeProvider.System;

    /// <summary>
    /// A context with no actor yet: the web host rents these from a pool and binds each to the actor of
    /// the request or circuit (<see cref="Bind"/>). Until bound, and again once disposed, any read
    /// through the access rules and any audited save throws instead of running as somebody.
    /// </summary>
    public KeystoneDbContext(DbContextOptions<KeystoneDbContext> options) : base(options)
    {
    }

    /// <summary>A context bound to an actor and a clock for its whole life (commands, tests, migrations).</summary>
    public static KeystoneDbContext Create(DbContextOptions<KeystoneDbContext> options, ICurrentActor currentActor, TimeProvider clock)
    {
        var db = new KeystoneDbContext(options);
        db.Bind(currentActor, clock);
        return db;
    }

    /// <summary>Whose reads and writes this context runs, and its clock, until it is disposed.</summary>
    public void Bind(ICurrentActor actor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(time);
        currentActor = actor;
        clock = time;
    }

    /// <summary>Whether an actor is bound (false for a pooled context between two uses).</summary>
    public bool IsBound => !ReferenceEquals(currentActor, NoActor.Instance);

    // A pooled context goes back to its pool here: it forgets its actor first, so that its next user
    // can never run as this one's.
    public override void Dispose()
    {
        Unbind();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Unbind();
        return base.DisposeAsync();
    }

    private void Unbind()
    {
        currentActor = NoActor.Instance;
        clock = TimeProvider.System;
    }

    private sealed class NoActor : ICurrentActor
    {
        public static readonly NoActor Instance = new();

        public Actor Actor => throw new InvalidOperationException("This database context is not bound to a user; rent it through the Keystone context factory.");
    }
    public const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountTeamMember> AccountTeamMembers => Set<AccountTeamMember>();
    public DbSet<AccountExternalId> AccountExternalIds => Set<AccountExternalId>();
    public DbSet<TierRequest> TierRequests => Set<TierRequest>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductCost> ProductCosts => Set<ProductCost>();
    public DbSet<PriceList> PriceLists => Set<PriceList>();
    public DbSet<ProductPrice> ProductPrices => Set<ProductPrice>();
    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();
    public DbSet<InvoiceImport> InvoiceImports => Set<InvoiceImport>();
    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();
    public DbSet<UnmatchedCustomer> UnmatchedCustomers => Set<UnmatchedCustomer>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivityParticipant> ActivityParticipants => Set<ActivityParticipant>();
    public DbSet<ActivityContact> ActivityContacts => Set<ActivityContact>();
    public DbSet<WorkTask> WorkTasks => Set<WorkTask>();
    public DbSet<Activities.Calendars.CalendarFeedToken> CalendarFeedTokens => Set<Activities.Calendars.CalendarFeedToken>();
    public DbSet<Activities.Calendars.ActivityCalendarEvent> ActivityCalendarEvents => Set<Activities.Calendars.ActivityCalendarEvent>();

    /// <summary>Cookie and antiforgery keys, shared by every web server of one database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public Actor Actor => currentActor.Actor;

    public TimeProvider Clock => clock;

    // Read by the query filters at query time; EF Core turns them into parameters.
    private bool SeesAll => currentActor.Actor.SeesAll;
    private Guid[] VisibleUserIds => currentActor.Actor.VisibleUserIdArray;

    public bool IsSqlite => Database.ProviderName == SqliteProvider;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (IsSqlite)
        {
            // SQLite has no type for instants: store UTC ticks so that ordering and ranges work in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<KeystoneUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(32);
            user.HasOne<KeystoneUser>().WithMany().HasForeignKey(u => u.ManagerId).OnDelete(DeleteBehavior.Restrict);
            user.HasIndex(u => u.ManagerId);
        });
        builder.ApplyConfigurationsFromAssembly(typeof(KeystoneDbContext).Assembly);

        builder.Entity<Account>().HasQueryFilter(a =>
            SeesAll
            || VisibleUserIds.Contains(a.OwnerId)
            || a.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        // What belongs to an account is filtered through its Account navigation. EF Core joins the filtered
        // accounts and then tests the condition again, so the rules appear twice in the SQL; a single
        // EXISTS over the filtered accounts was tried and dropped: SQLite runs it once per row, 5-6 times
        // slower over one account's 50,000 activities (34 ms against 6 ms for a KAM).
        builder.Entity<Contact>().HasQueryFilter(c =>
            SeesAll
            || VisibleUserIds.Contains(c.Account!.OwnerId)
            || c.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        // Activities and tasks are seen with their account; participants and contacts are read through their activity.
        builder.Entity<Activity>().HasQueryFilter(a =>
            SeesAll
            || VisibleUserIds.Contains(a.Account!.OwnerId)
            || a.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        // Tier requests are seen with their account.
        builder.Entity<TierRequest>().HasQueryFilter(r =>
            SeesAll
            || VisibleUserIds.Contains(r.Account!.OwnerId)
            || r.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        builder.Entity<WorkTask>().HasQueryFilter(t =>
            SeesAll
            || VisibleUserIds.Contains(t.Account!.OwnerId)
            || t.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        // Unattributed lines (no account) are company revenue: only those who see all accounts see them.
        builder.Entity<InvoiceLine>().HasQueryFilter(l =>
            SeesAll
            || (l.AccountId != null
                && (VisibleUserIds.Contains(l.Account!.OwnerId)
                    || l.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)))));
        // The key-account selection matrix (scores, stages, position history) is seen with its account.
        builder.Entity<Portfolio.AccountSelection>().HasQueryFilter(s =>
            SeesAll
            || VisibleUserIds.Contains(s.Account!.OwnerId)
            || s.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        builder.Entity<Portfolio.SelectionScore>().HasQueryFilter(s =>
            SeesAll
            || VisibleUserIds.Contains(s.Account!.OwnerId)
            || s.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        builder.Entity<Portfolio.SelectionPosition>().HasQueryFilter(p =>
            SeesAll
            || VisibleUserIds.Contains(p.Account!.OwnerId)
            || p.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
        builder.Entity<Portfolio.SelectionScoreChange>().HasQueryFilter(c =>
            SeesAll
            || VisibleUserIds.Contains(c.Account!.OwnerId)
            || c.Account.TeamMembers.Any(m => VisibleUserIds.Contains(m.UserId)));
    }

    // Only framework stores (data-protection keys) save synchronously; audited records must go through SaveChangesAsync.
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        PrepareAudit().Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new NotSupportedException("Save audited records with SaveChangesAsync: it writes the audit trail in the same transaction.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var audits = PrepareAudit();
        if (audits.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownsTransaction = Database.CurrentTransaction is null;
        await using var transaction = ownsTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
        // The company's stored meetings and calls are valid for one revision of the activities (ADR 0012).
        var activitiesChanged = ChangeTracker.Entries<Activity>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        AuditEntries.AddRange(audits.Select(a => a.Complete()));
        count += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (activitiesChanged)
        {
            await Kpis.ActivityRevision.BumpAsync(this, cancellationToken);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return count;
    }

    private List<PendingAudit> PrepareAudit()
    {
        ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        Guid? userId = null;
        var pending = new Dictionary<object, PendingAudit>(ReferenceEqualityComparer.Instance);

        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit trail is append-only.");
            }
        }

        // Team members and external ids are part of their account, participants part of their activity,
        // standard costs and list prices part of their product: their changes are the parent's.
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is AccountTeamMember or AccountExternalId or ActivityParticipant or ActivityContact or ProductCost or ProductPrice).ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            EntityEntry? account = entry.Entity switch
            {
                AccountTeamMember m => ChangeTracker.Entries<Account>().FirstOrDefault(a => a.Entity.Id == m.AccountId),
                AccountExternalId x => ChangeTracker.Entries<Account>().FirstOrDefault(a => a.Entity.Id == x.AccountId),
                ActivityParticipant p => ChangeTracker.Entries<Activity>().FirstOrDefault(a => a.Entity.Id == p.ActivityId),
                ActivityContact c => ChangeTracker.Entries<Activity>().FirstOrDefault(a => a.Entity.Id == c.ActivityId),
                ProductCost c => ChangeTracker.Entries<Product>().FirstOrDefault(p => p.Entity.Id == c.ProductId),
                ProductPrice p => ChangeTracker.Entries<Product>().FirstOrDefault(e => e.Entity.Id == p.ProductId),
                _ => null,
            };
            if (account is null || account.State is EntityState.Added or EntityState.Deleted)
            {
                continue;
            }
            if (account.State == EntityState.Unchanged)
            {
                // One flagged audit field makes the account Modified, so that its version and audit follow
                // (marking it Modified and then clearing every flag would turn it back to Unchanged).
                account.Property(nameof(IAudited.UpdatedAt)).IsModified = true;
            }
            var audit = GetOrAdd(pending, account, AuditAction.Updated);
            audit.Changes.AddRange(DescribeChildChange(entry));
        }

        var audited = ChangeTracker.Entries<IAudited>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (audited.Count == 0)
        {
            return [];
        }
        // Only audited changes need a user; sign-in bookkeeping and token use run before one is known.
        userId = currentActor.Actor.UserId;
        foreach (var entry in audited)
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.CreatedAt = now;
                    entry.Entity.CreatedById = userId;
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.UpdatedById = userId;
                    entry.Entity.Version = 1;
                    GetOrAdd(pending, entry, AuditAction.Created).Changes.InsertRange(0, DescribeScalars(entry, created: true));
                    break;
                case EntityState.Modified:
                    var changes = DescribeScalars(entry, created: false);
                    var childChanges = pending.TryGetValue(entry.Entity, out var existing) && existing.Changes.Count > 0;
                    if (changes.Count == 0 && !childChanges)
                    {
                        entry.State = EntityState.Unchanged;
                        break;
                    }
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.UpdatedById = userId;
                    entry.Property(e => e.Version).CurrentValue = entry.Property(e => e.Version).OriginalValue + 1;
                    entry.Property(e => e.UpdatedAt).IsModified = true;
                    entry.Property(e => e.UpdatedById).IsModified = true;
                    GetOrAdd(pending, entry, AuditAction.Updated).Changes.InsertRange(0, changes);
                    break;
                case EntityState.Deleted:
                    GetOrAdd(pending, entry, AuditAction.Deleted).Changes.AddRange(DescribeScalars(entry, created: false, deleted: true));
                    break;
            }
        }
        return [.. pending.Values];

        PendingAudit GetOrAdd(Dictionary<object, PendingAudit> map, EntityEntry entry, AuditAction action)
        {
            if (!map.TryGetValue(entry.Entity, out var audit))
            {
                userId ??= currentActor.Actor.UserId;
                map[entry.Entity] = audit = new PendingAudit((IAudited)entry.Entity, action, now, userId, entry.Metadata.ClrType.Name);
            }
            return audit;
        }
    }

    private static readonly HashSet<string> AuditFields =
        [nameof(IAudited.CreatedAt), nameof(IAudited.CreatedById), nameof(IAudited.UpdatedAt), nameof(IAudited.UpdatedById), nameof(IAudited.Version)];

    private static List<FieldChange> DescribeScalars(EntityEntry entry, bool created, bool deleted = false)
    {
        var changes = new List<FieldChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (AuditFields.Contains(name) || property.Metadata.IsPrimaryKey())
            {
                continue;
            }
            if (created)
            {
                if (property.CurrentValue is not null)
                {
                    changes.Add(new FieldChange(JsonName(name), null, Format(property.CurrentValue)));
                }
            }
            else if (deleted)
            {
                changes.Add(new FieldChange(JsonName(name), Format(property.OriginalValue), null));
            }
            else if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
            {
                changes.Add(new FieldChange(JsonName(name), Format(property.OriginalValue), Format(property.CurrentValue)));
            }
            else
            {
                property.IsModified = false;
            }
        }
        return changes;
    }

    private static IEnumerable<FieldChange> DescribeChildChange(EntityEntry entry)
    {
        var (field, value) = entry.Entity switch
        {
            AccountTeamMember m => ($"team[{m.UserId}]", "Role"),
            AccountExternalId x => ($"externalIds[{x.Source}]", "ExternalId"),
            ActivityParticipant p => ($"participants[{p.UserId}]", "UserId"),
            ActivityContact c => ($"contacts[{c.ContactId}]", "ContactId"),
            ProductCost c => ($"standardCosts[{c.Currency} from {c.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}]", "UnitCost"),
            ProductPrice p => ($"prices[{p.PriceListId} from {p.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}]", "UnitPrice"),
            _ => throw new InvalidOperationException(),
        };
        var property = entry.Property(value);
        return entry.State switch
        {
            EntityState.Added => [new FieldChange(field, null, Format(property.CurrentValue))],
            EntityState.Deleted => [new FieldChange(field, Format(property.OriginalValue), null)],
            EntityState.Modified when !Equals(property.OriginalValue, property.CurrentValue) =>
                [new FieldChange(field, Format(property.OriginalValue), Format(property.CurrentValue))],
            _ => [],
        };
    }

    private static string JsonName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        AccountTier t => t.ToIdentifier(),
        Relationships.BuyingRole r => r.ToIdentifier(),
        Relationships.Attitude a => a.ToIdentifier(),
        ActivityType t => t.ToIdentifier(),
        ActivityStatus s => s.ToIdentifier(),
        WorkTaskStatus s => s.ToString().ToLowerInvariant(),
        TierRequestStatus s => s.ToIdentifier(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed class PendingAudit(IAudited record, AuditAction action, DateTimeOffset at, Guid? userId, string entityType)
    {
        public List<FieldChange> Changes { get; } = [];

        // Ids of new records are generated client-side, so they are known before the insert.
        public AuditEntry Complete() => new()
        {
            At = at,
            UserId = userId,
            EntityType = entityType,
            EntityId = record.Id,
            AccountId = record.AuditAccountId,
            Action = action,
            Changes = JsonSerializer.Serialize(Changes, JsonSerializerOptions.Web),
        };
    }
}
