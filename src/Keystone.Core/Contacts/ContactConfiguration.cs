using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Contacts;

public sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("contacts", t =>
        {
            t.HasCheckConstraint("CK_contacts_Influence", "\"Influence\" BETWEEN 1 AND 5");
            t.HasCheckConstraint("CK_contacts_RelationshipStrength", "\"RelationshipStrength\" BETWEEN 1 AND 5");
        });
        builder.HasKey(c => c.Id);
        builder.Property(c => c.FirstName).HasMaxLength(100).IsRequired();
        builder.Property(c => c.LastName).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Phone).HasMaxLength(50);
        builder.Property(c => c.BuyingRole).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Attitude).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.FullName);

        builder.HasOne(c => c.Account).WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.ReportsToId).OnDelete(DeleteBehavior.Restrict);

        // A user who leaves is deactivated, never deleted: the relationships they held stay on record.
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(c => c.RelationshipOwnerId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(c => new { c.AccountId, c.LastName, c.FirstName });
        builder.HasIndex(c => c.RelationshipOwnerId);
        builder.HasIndex(c => c.Email);
        builder.HasIndex(c => c.ReportsToId);
    }
}
