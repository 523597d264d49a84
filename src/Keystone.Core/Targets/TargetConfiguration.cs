using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Targets;

public sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> builder)
    {
        builder.ToTable("targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.ScopeKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.ScopeKey).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Metric).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.Period).HasMaxLength(7).IsRequired();
        builder.Property(t => t.Value).HasPrecision(19, 4);
        builder.Property(t => t.Version).IsConcurrencyToken();

        builder.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);

        // One target per scope, metric and period; a second one is a 409.
        builder.HasIndex(t => new { t.ScopeKey, t.Metric, t.Period }).IsUnique();
        builder.HasIndex(t => new { t.AccountId, t.Period });
        builder.HasIndex(t => new { t.UserId, t.Period });
    }
}
