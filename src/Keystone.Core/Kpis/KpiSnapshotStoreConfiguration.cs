using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keystone.Core.Kpis;

public sealed class RevenueRevisionConfiguration : IEntityTypeConfiguration<RevenueRevision>
{
    public void Configure(EntityTypeBuilder<RevenueRevision> builder) => RevisionRow.Configure(builder, "revenue_revision");
}

public sealed class CompanyKpiSnapshotConfiguration : IEntityTypeConfiguration<CompanyKpiSnapshot>
{
    public void Configure(EntityTypeBuilder<CompanyKpiSnapshot> builder)
    {
        builder.ToTable("kpi_company_snapshots");
        // One row a period: a refresh replaces it (upsert), so concurrent refreshes never collide on the key.
        builder.HasKey(s => new { s.Granularity, s.Start });
        builder.Property(s => s.Granularity).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Payload).IsRequired();
    }
}

public sealed class ScopeKpiSnapshotConfiguration : IEntityTypeConfiguration<ScopeKpiSnapshot>
{
    public void Configure(EntityTypeBuilder<ScopeKpiSnapshot> builder)
    {
        builder.ToTable("kpi_scope_snapshots");
        builder.HasKey(s => new { s.AccountSet, s.Granularity, s.Start });
        builder.Property(s => s.AccountSet).HasMaxLength(64);
        builder.Property(s => s.Granularity).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Payload).IsRequired();
        // Figures of older revisions are deleted by the refresh (ScopeSnapshots.PruneAsync).
        builder.HasIndex(s => s.Revision);
    }
}

public sealed class ActivityRevisionConfiguration : IEntityTypeConfiguration<ActivityRevision>
{
    public void Configure(EntityTypeBuilder<ActivityRevision> builder) => RevisionRow.Configure(builder, "activity_revision");
}

public sealed class CompanyMeetingCountConfiguration : IEntityTypeConfiguration<CompanyMeetingCount>
{
    public void Configure(EntityTypeBuilder<CompanyMeetingCount> builder)
    {
        builder.ToTable("kpi_company_meetings");
        builder.HasKey(c => new { c.Granularity, c.Start, c.TimeZone });
        builder.Property(c => c.Granularity).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.TimeZone).HasMaxLength(64);
    }
}
