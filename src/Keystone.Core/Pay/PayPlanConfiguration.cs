using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Pay;

public sealed class PayPlanConfiguration : IEntityTypeConfiguration<PayPlan>
{
    public void Configure(EntityTypeBuilder<PayPlan> builder)
    {
        builder.ToTable("pay_plans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Granularity).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Threshold).HasPrecision(19, 4);
        builder.Property(p => p.Cap).HasPrecision(19, 4);
        builder.Property(p => p.Accelerator).HasPrecision(19, 4);
        builder.Property(p => p.ComponentsJson).IsRequired();
        builder.Property(p => p.MembersJson).IsRequired();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.Components);
        builder.Ignore(p => p.Members);
        builder.Ignore(p => p.Terms);
        builder.HasIndex(p => p.Name).IsUnique();
    }
}
