using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Revenue;

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Code).HasMaxLength(RevenueLimits.ProductCode).IsRequired();
        builder.Property(p => p.Name).HasMaxLength(RevenueLimits.Name).IsRequired();
        builder.Property(p => p.Category).HasMaxLength(RevenueLimits.Category);
        builder.Property(p => p.Unit).HasMaxLength(RevenueLimits.Unit);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.Code).IsUnique();
        builder.HasIndex(p => p.Category);
    }
}

public sealed class ProductCostConfiguration : IEntityTypeConfiguration<ProductCost>
{
    public void Configure(EntityTypeBuilder<ProductCost> builder)
    {
        builder.ToTable("product_costs");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Currency).HasMaxLength(3).IsRequired();
        builder.Property(c => c.UnitCost).HasPrecision(19, 4);
        builder.HasOne<Product>().WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ProductId, c.Currency, c.EffectiveFrom }).IsUnique();
    }
}

public sealed class PriceListConfiguration : IEntityTypeConfiguration<PriceList>
{
    public void Configure(EntityTypeBuilder<PriceList> builder)
    {
        builder.ToTable("price_lists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(100).IsRequired();
        builder.Property(l => l.Currency).HasMaxLength(3).IsRequired();
        builder.HasIndex(l => l.Name).IsUnique();
    }
}

public sealed class ProductPriceConfiguration : IEntityTypeConfiguration<ProductPrice>
{
    public void Configure(EntityTypeBuilder<ProductPrice> builder)
    {
        builder.ToTable("product_prices");
        builder.HasKey(p => new { p.PriceListId, p.ProductId, p.EffectiveFrom });
        builder.Property(p => p.UnitPrice).HasPrecision(19, 4);
        builder.HasOne<PriceList>().WithMany().HasForeignKey(p => p.PriceListId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.ProductId);
    }
}
