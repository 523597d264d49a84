using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Activities.Calendars;

public sealed class CalendarFeedTokenConfiguration : IEntityTypeConfiguration<CalendarFeedToken>
{
    public void Configure(EntityTypeBuilder<CalendarFeedToken> builder)
    {
        builder.ToTable("calendar_feed_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Hash).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Hint).HasMaxLength(16).IsRequired();
        builder.Ignore(t => t.IsActive);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.HasOne<KeystoneUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ActivityCalendarEventConfiguration : IEntityTypeConfiguration<ActivityCalendarEvent>
{
    public void Configure(EntityTypeBuilder<ActivityCalendarEvent> builder)
    {
        builder.ToTable("activity_calendar_events");
        builder.HasKey(e => e.ActivityId);
        builder.Property(e => e.Uid).HasMaxLength(ActivityCalendarEvent.MaxUidLength).IsRequired();
        builder.Property(e => e.EventKey).HasMaxLength(64).IsRequired();
        // Removing the activity forgets where it came from; importing the file again brings it back.
        builder.HasOne<Activity>().WithOne().HasForeignKey<ActivityCalendarEvent>(e => e.ActivityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.AccountId, e.EventKey }).IsUnique();
    }
}
