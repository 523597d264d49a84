using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Revenue;

public sealed class InvoiceImportConfiguration : IEntityTypeConfiguration<InvoiceImport>
{
    public void Configure(EntityTypeBuilder<InvoiceImport> builder)
    {
        builder.ToTable("invoice_imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Source).HasMaxLength(RevenueLimits.Source).IsRequired();
        builder.Property(i => i.FileName).HasMaxLength(260).IsRequired();
        builder.Property(i => i.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.ReportingCurrency).HasMaxLength(3).IsRequired();
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(i => i.ImportedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.Source, i.StartedAt });
        builder.HasIndex(i => i.Sha256);
        builder.HasIndex(i => i.ImportedById);
    }
}

public sealed class ImportMappingConfiguration : IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(EntityTypeBuilder<ImportMapping> builder)
    {
        builder.ToTable("import_mappings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Source).HasMaxLength(RevenueLimits.Source).IsRequired();
        builder.Property(m => m.Name).HasMaxLength(100).IsRequired();
        builder.Property(m => m.Columns).HasMaxLength(4000).IsRequired();
        builder.HasIndex(m => new { m.Source, m.Name }).IsUnique();
    }
}

public sealed class UnmatchedCustomerConfiguration : IEntityTypeConfiguration<UnmatchedCustomer>
{
    public void Configure(EntityTypeBuilder<UnmatchedCustomer> builder)
    {
        builder.ToTable("unmatched_customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Source).HasMaxLength(RevenueLimits.Source).IsRequired();
        builder.Property(c => c.ExternalId).HasMaxLength(RevenueLimits.ExternalId).IsRequired();
        builder.Property(c => c.Name).HasMaxLength(RevenueLimits.Name);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => new { c.Source, c.ExternalId }).IsUnique();
        builder.HasIndex(c => new { c.Status, c.Source });
        builder.HasIndex(c => c.AccountId);
    }
}

public sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        builder.ToTable("exchange_rates");
        builder.HasKey(r => new { r.ToCurrency, r.Currency, r.Date });
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.ToCurrency).HasMaxLength(3);
        builder.Property(r => r.Rate).HasPrecision(28, 10);
    }
}
