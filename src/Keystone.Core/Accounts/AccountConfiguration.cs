using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Accounts;

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(200).IsRequired();
        builder.Property(a => a.LegalName).HasMaxLength(300);
        builder.Property(a => a.Industry).HasMaxLength(100);
        builder.Property(a => a.Country).HasMaxLength(2);
        builder.Property(a => a.TimeZone).HasMaxLength(64);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.Website).HasMaxLength(2048);
        builder.Property(a => a.Tier).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Version).IsConcurrencyToken();

        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.ParentAccountId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(a => a.TeamMembers).WithOne().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.ExternalIds).WithOne().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(a => new { a.OwnerId, a.Name });
        // A KAM's list by country: the owner lookup of the list narrowed to the country (ListAccounts).
        builder.HasIndex(a => new { a.OwnerId, a.Country, a.Name });
        builder.HasIndex(a => a.Name);
        builder.HasIndex(a => a.ParentAccountId);
    }
}

public sealed class AccountTeamMemberConfiguration : IEntityTypeConfiguration<AccountTeamMember>
{
    public void Configure(EntityTypeBuilder<AccountTeamMember> builder)
    {
        builder.ToTable("account_team_members");
        builder.HasKey(m => new { m.AccountId, m.UserId });
        builder.Property(m => m.Role).HasMaxLength(100).IsRequired();
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.UserId, m.AccountId });
    }
}

public sealed class AccountExternalIdConfiguration : IEntityTypeConfiguration<AccountExternalId>
{
    public void Configure(EntityTypeBuilder<AccountExternalId> builder)
    {
        builder.ToTable("account_external_ids");
        builder.HasKey(e => new { e.AccountId, e.Source });
        builder.Property(e => e.Source).HasMaxLength(50).IsRequired();
        builder.Property(e => e.ExternalId).HasMaxLength(200).IsRequired();
        // One account per id in a source system: imports match customers by it.
        builder.HasIndex(e => new { e.Source, e.ExternalId }).IsUnique();
    }
}

public sealed class TierRequestConfiguration : IEntityTypeConfiguration<TierRequest>
{
    public void Configure(EntityTypeBuilder<TierRequest> builder)
    {
        builder.ToTable("tier_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.FromTier).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.ToTier).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Reason).HasMaxLength(TierRequest.ReasonMaxLength).IsRequired();
        builder.Property(r => r.DecisionNote).HasMaxLength(TierRequest.NoteMaxLength);
        builder.Property(r => r.Version).IsConcurrencyToken();

        builder.HasOne(r => r.Account).WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(r => r.RequestedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(r => r.DecidedById).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(r => new { r.AccountId, r.CreatedAt });
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        // One pending request per account, kept by the database even when two arrive at once.
        builder.HasIndex(r => r.AccountId).IsUnique().HasFilter("\"Status\" = 'Pending'").HasDatabaseName("IX_tier_requests_AccountId_pending");
    }
}
