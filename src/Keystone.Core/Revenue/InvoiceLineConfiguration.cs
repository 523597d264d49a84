using Keystone.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Revenue;

public sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.ToTable("invoice_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Source).HasMaxLength(RevenueLimits.Source).IsRequired();
        builder.Property(l => l.InvoiceNumber).HasMaxLength(RevenueLimits.InvoiceNumber).IsRequired();
        builder.Property(l => l.LineKey).HasMaxLength(RevenueLimits.LineKey).IsRequired();
        builder.Property(l => l.SourceTimestamp).HasMaxLength(RevenueLimits.SourceTimestamp);
        builder.Property(l => l.CustomerExternalId).HasMaxLength(RevenueLimits.ExternalId);
        builder.Property(l => l.CustomerName).HasMaxLength(RevenueLimits.Name);
        builder.Property(l => l.Currency).HasMaxLength(3).IsRequired();
        builder.Property(l => l.Quantity).HasPrecision(28, 10);
        builder.Property(l => l.UnitPrice).HasPrecision(19, 4);
        builder.Property(l => l.UnitCost).HasPrecision(19, 4);
        builder.Property(l => l.ExchangeRate).HasPrecision(28, 10);
        builder.Property(l => l.Amount).HasPrecision(19, 4);
        builder.Property(l => l.CostAmount).HasPrecision(19, 4);

        builder.HasOne(l => l.Account).WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<InvoiceImport>().WithMany().HasForeignKey(l => l.ImportId).OnDelete(DeleteBehavior.Restrict);

        // Every line counts once: re-importing a file, or one that overlaps it, adds nothing twice.
        builder.HasIndex(l => new { l.Source, l.InvoiceNumber, l.LineKey }).IsUnique();
        // Account KPIs read an account's lines by period; the index leads with the account (STYLE.md).
        builder.HasIndex(l => new { l.AccountId, l.InvoiceDate });
        builder.HasIndex(l => l.InvoiceDate);
        // Linking an unmatched customer later attributes its lines by this.
        builder.HasIndex(l => new { l.Source, l.CustomerExternalId });
        builder.HasIndex(l => l.ProductId);
        builder.HasIndex(l => l.ImportId);
    }
}
