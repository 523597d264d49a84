using Keystone.Core.Accounts;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Portfolio;

// The selection of an account goes with it: deleting the account deletes its scores and positions (the audit trail keeps them).
public sealed class AccountSelectionConfiguration : IEntityTypeConfiguration<AccountSelection>
{
    public void Configure(EntityTypeBuilder<AccountSelection> builder)
    {
        builder.ToTable("account_selections");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.AvailableSales).HasPrecision(19, 4);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne(s => s.Account).WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.AccountId).IsUnique();
    }
}

public sealed class SelectionScoreConfiguration : IEntityTypeConfiguration<SelectionScore>
{
    public void Configure(EntityTypeBuilder<SelectionScore> builder)
    {
        builder.ToTable("selection_scores");
        builder.HasKey(s => new { s.AccountId, s.Criterion });
        builder.Property(s => s.Criterion).HasMaxLength(40);
        builder.Property(s => s.Reason).HasMaxLength(SelectionLimits.ReasonLength).IsRequired();
        builder.HasOne(s => s.Account).WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(s => s.ScoredById).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => s.ScoredById);
    }
}

public sealed class SelectionPositionConfiguration : IEntityTypeConfiguration<SelectionPosition>
{
    public void Configure(EntityTypeBuilder<SelectionPosition> builder)
    {
        builder.ToTable("selection_positions");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Quadrant).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Attractiveness).HasPrecision(9, 4);
        builder.Property(p => p.Strength).HasPrecision(9, 4);
        builder.Property(p => p.CutOff).HasPrecision(9, 4);
        builder.HasOne(p => p.Account).WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(p => p.ById).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(p => p.Changes).WithOne().HasForeignKey(c => c.PositionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.AccountId, p.At });
        builder.HasIndex(p => p.ById);
    }
}

public sealed class SelectionScoreChangeConfiguration : IEntityTypeConfiguration<SelectionScoreChange>
{
    public void Configure(EntityTypeBuilder<SelectionScoreChange> builder)
    {
        builder.ToTable("selection_score_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Criterion).HasMaxLength(40).IsRequired();
        builder.Property(c => c.Reason).HasMaxLength(SelectionLimits.ReasonLength);
        builder.HasOne(c => c.Account).WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.AccountId, c.PositionId });
        builder.HasIndex(c => c.PositionId);
    }
}
