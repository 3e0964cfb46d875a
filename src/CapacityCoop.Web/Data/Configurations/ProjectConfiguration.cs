using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace CapacityCoop.Web.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.Ignore(p => p.Investment);
        builder.Ignore(p => p.Announced);
        builder.Ignore(p => p.ConstructionStart);
        builder.Ignore(p => p.Completed);

        builder.Property(p => p.Slug).HasMaxLength(120);
        builder.Property(p => p.Name).HasMaxLength(500);
        builder.Property(p => p.NameZh).HasMaxLength(500);
        builder.Property(p => p.HostCountryIso3).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Status).HasMaxLength(20);
        builder.Property(p => p.InvestmentCurrency).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.InvestmentNote).HasMaxLength(1000);
        builder.Property(p => p.CapacityValue).HasPrecision(20, 4);
        builder.Property(p => p.CapacityUnit).HasMaxLength(40);
        builder.Property(p => p.Summary).HasMaxLength(10000);
        builder.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        builder.Property(p => p.Version).HasColumnName("xmin").IsRowVersion();
        builder.Property<NpgsqlTsVector>(FullText.SearchVector)
            .HasComputedColumnSql("to_tsvector('english', coalesce(name, '') || ' ' || coalesce(summary, ''))", stored: true);

        builder.Property<DateOnly>(ListOrder.ConstructionStartOnKey)
            .HasComputedColumnSql("COALESCE(construction_start_on, '-infinity'::date)", stored: true);

        builder.HasOne(p => p.HostCountry).WithMany().HasForeignKey(p => p.HostCountryIso3).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(p => p.Slug).IsUnique();
        builder.HasIndex(p => p.HostCountryIso3);
        builder.HasIndex(p => p.Status);
        builder.HasIndex(p => p.ConstructionStartOn);
        builder.HasIndex(p => p.InvestmentUsd);
        builder.HasIndex(p => p.Name);
        builder.HasIndex(FullText.SearchVector).HasMethod("gin");
        builder.HasIndex(ListOrder.ConstructionStartOnKey, nameof(Project.Id)).IsDescending(true, false).HasFilter("archived_at IS NULL");

        // A country profile lists its live projects by name.
        builder.HasIndex(p => new { p.HostCountryIso3, p.Name, p.Id }).HasFilter("archived_at IS NULL");

        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_projects_status", Vocabulary.CheckIn("status", Vocabulary.ProjectStatuses));
            t.HasCheckConstraint("ck_projects_investment", PartialDateColumns.MoneyCheck("investment"));
            t.HasCheckConstraint("ck_projects_announced_on_precision", PartialDateColumns.Check("announced_on"));
            t.HasCheckConstraint("ck_projects_construction_start_on_precision", PartialDateColumns.Check("construction_start_on"));
            t.HasCheckConstraint("ck_projects_completed_on_precision", PartialDateColumns.Check("completed_on"));
            t.HasCheckConstraint("ck_projects_capacity", "(capacity_value IS NULL) = (capacity_unit IS NULL) AND (capacity_value IS NULL OR capacity_value >= 0)");
            t.HasCheckConstraint("ck_projects_jobs", "jobs_created IS NULL OR jobs_created >= 0");
            t.HasCheckConstraint("ck_projects_location", "(latitude IS NULL) = (longitude IS NULL) AND " +
                "(latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180))");
        });
    }
}

internal sealed class ProjectSectorConfiguration : IEntityTypeConfiguration<ProjectSector>
{
    public void Configure(EntityTypeBuilder<ProjectSector> builder)
    {
        builder.HasKey(s => new { s.ProjectId, s.SectorCode });
        builder.Property(s => s.SectorCode).HasMaxLength(40);
        builder.HasOne(s => s.Project).WithMany(p => p.Sectors).HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Sector).WithMany().HasForeignKey(s => s.SectorCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.SectorCode, s.ProjectId });
    }
}

internal sealed class ProjectAgreementConfiguration : IEntityTypeConfiguration<ProjectAgreement>
{
    public void Configure(EntityTypeBuilder<ProjectAgreement> builder)
    {
        builder.HasKey(l => new { l.ProjectId, l.AgreementId });
        builder.HasOne(l => l.Project).WithMany(p => p.Agreements).HasForeignKey(l => l.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(l => l.Agreement).WithMany(a => a.Projects).HasForeignKey(l => l.AgreementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.AgreementId);
    }
}

internal sealed class ProjectCompanyConfiguration : IEntityTypeConfiguration<ProjectCompany>
{
    public void Configure(EntityTypeBuilder<ProjectCompany> builder)
    {
        builder.HasKey(c => new { c.ProjectId, c.OrganisationId, c.Role });
        builder.Property(c => c.Role).HasMaxLength(20);
        builder.HasOne(c => c.Project).WithMany(p => p.Companies).HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.OrganisationId);
        builder.ToTable(t => t.HasCheckConstraint("ck_project_companies_role", Vocabulary.CheckIn("role", Vocabulary.CompanyRoles)));
    }
}

internal sealed class ProjectSourceConfiguration : IEntityTypeConfiguration<ProjectSource>
{
    public void Configure(EntityTypeBuilder<ProjectSource> builder)
    {
        builder.HasKey(s => new { s.ProjectId, s.SourceId });
        builder.Property(s => s.Note).HasMaxLength(1000);
        builder.HasOne(s => s.Project).WithMany(p => p.Sources).HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Source).WithMany().HasForeignKey(s => s.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.SourceId);
    }
}
