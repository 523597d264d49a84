using Keystone.Core.Contacts;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Activities;

public sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.ToTable("activities");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.TimeZone).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Subject).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Summary).HasMaxLength(4000);
        builder.Property(a => a.Outcome).HasMaxLength(4000);
        builder.Property(a => a.Location).HasMaxLength(200);
        builder.Property(a => a.Version).IsConcurrencyToken();

        builder.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Participants).WithOne().HasForeignKey(p => p.ActivityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Contacts).WithOne().HasForeignKey(c => c.ActivityId).OnDelete(DeleteBehavior.Cascade);

        // The timeline pages by (StartsAt, Id) within one account: the index serves its keyset exactly.
        builder.HasIndex(a => new { a.AccountId, a.StartsAt, a.Id });
        builder.HasIndex(a => new { a.OwnerId, a.StartsAt });
    }
}

public sealed class ActivityParticipantConfiguration : IEntityTypeConfiguration<ActivityParticipant>
{
    public void Configure(EntityTypeBuilder<ActivityParticipant> builder)
    {
        builder.ToTable("activity_participants");
        builder.HasKey(p => new { p.ActivityId, p.UserId });
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.AccountId, p.ActivityId });
        builder.HasIndex(p => p.UserId);
    }
}

public sealed class ActivityContactConfiguration : IEntityTypeConfiguration<ActivityContact>
{
    public void Configure(EntityTypeBuilder<ActivityContact> builder)
    {
        builder.ToTable("activity_contacts");
        builder.HasKey(c => new { c.ActivityId, c.ContactId });
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        // Removing a person removes them from the activities they took part in, not the activities.
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.AccountId, c.ActivityId });
        builder.HasIndex(c => c.ContactId);
    }
}

public sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Title).HasMaxLength(200).IsRequired();
        builder.Property(t => t.Notes).HasMaxLength(4000);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Version).IsConcurrencyToken();

        builder.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        // A task outlives the activity it came from.
        builder.HasOne<Activity>().WithMany().HasForeignKey(t => t.ActivityId).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(t => new { t.AccountId, t.DueDate });
        builder.HasIndex(t => new { t.AssigneeId, t.Status, t.DueDate });
        // Reminders due: open tasks of one assignee whose reminder time has passed.
        builder.HasIndex(t => new { t.AssigneeId, t.Status, t.ReminderAt });
        builder.HasIndex(t => t.ActivityId);
    }
}
