using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CapacityCoop.Web.Data.Configurations;

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> builder)
    {
        builder.HasKey(c => c.Iso3);
        builder.Property(c => c.Iso3).HasMaxLength(3).IsFixedLength();
        builder.Property(c => c.Iso2).HasMaxLength(2).IsFixedLength();
        builder.Property(c => c.NumericCode).HasMaxLength(3).IsFixedLength();
        builder.Property(c => c.NameEn).HasMaxLength(100);
        builder.Property(c => c.NameZh).HasMaxLength(100);
        builder.Property(c => c.Region).HasMaxLength(40);
        builder.HasIndex(c => c.Iso2).IsUnique();
        builder.HasIndex(c => c.Region);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_countries_region", Vocabulary.CheckIn("region", Vocabulary.Regions));
            t.HasCheckConstraint("ck_countries_iso3", "iso3 ~ '^[A-Z]{3}$'");
            t.HasCheckConstraint("ck_countries_iso2", "iso2 ~ '^[A-Z]{2}$'");
        });
    }
}

internal sealed class BlocConfiguration : IEntityTypeConfiguration<Bloc>
{
    public void Configure(EntityTypeBuilder<Bloc> builder)
    {
        builder.HasKey(b => b.Code);
        builder.Property(b => b.Code).HasMaxLength(20);
        builder.Property(b => b.NameEn).HasMaxLength(120);
        builder.Property(b => b.NameZh).HasMaxLength(120);
    }
}

internal sealed class BlocMembershipConfiguration : IEntityTypeConfiguration<BlocMembership>
{
    public void Configure(EntityTypeBuilder<BlocMembership> builder)
    {
        builder.HasKey(m => new { m.BlocCode, m.CountryIso3 });
        builder.HasIndex(m => m.CountryIso3);
        builder.HasOne(m => m.Bloc).WithMany(b => b.Members).HasForeignKey(m => m.BlocCode).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Country).WithMany(c => c.Blocs).HasForeignKey(m => m.CountryIso3).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SectorConfiguration : IEntityTypeConfiguration<Sector>
{
    public void Configure(EntityTypeBuilder<Sector> builder)
    {
        builder.HasKey(s => s.Code);
        builder.Property(s => s.Code).HasMaxLength(40);
        builder.Property(s => s.NameEn).HasMaxLength(100);
        builder.Property(s => s.NameZh).HasMaxLength(100);
        builder.ToTable(t => t.HasCheckConstraint("ck_sectors_code", "code ~ '^[a-z][a-z0-9-]*$'"));
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Slug).HasMaxLength(120);
        builder.Property(o => o.Name).HasMaxLength(300);
        builder.Property(o => o.NameZh).HasMaxLength(300);
        builder.Property(o => o.Kind).HasMaxLength(20);
        builder.Property(o => o.Version).HasColumnName("xmin").IsRowVersion();
        builder.HasIndex(o => o.Slug).IsUnique();
        builder.HasIndex(o => o.Name);
        builder.HasIndex(o => o.CountryIso3);
        builder.HasOne(o => o.Country).WithMany().HasForeignKey(o => o.CountryIso3).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_organisations_kind", Vocabulary.CheckIn("kind", Vocabulary.OrganisationKinds)));
    }
}

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.Ignore(s => s.Published);
        builder.Property(s => s.Slug).HasMaxLength(120);
        builder.Property(s => s.Title).HasMaxLength(500);
        builder.Property(s => s.Publisher).HasMaxLength(200);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_sources_published_on_precision", PartialDateColumns.Check("published_on"));
            t.HasCheckConstraint("ck_sources_url", "url IS NULL OR url ~* '^https?://'");
        });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.EntityType).HasMaxLength(40);
        builder.Property(a => a.Action).HasMaxLength(20);
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.ActorId).HasMaxLength(200);
        builder.Property(a => a.Note).HasMaxLength(1000);
        builder.Property(a => a.At).HasDefaultValueSql("now()");
        builder.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
        builder.ToTable(t => t.HasCheckConstraint("ck_audit_entries_action", Vocabulary.CheckIn("action", Vocabulary.AuditActions)));
    }
}
