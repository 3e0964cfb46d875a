using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace CapacityCoop.Web.Data.Configurations;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> builder)
    {
        builder.Ignore(a => a.Signed);
        builder.Ignore(a => a.Value);

        builder.Property(a => a.Slug).HasMaxLength(120);
        builder.Property(a => a.Title).HasMaxLength(500);
        builder.Property(a => a.TitleZh).HasMaxLength(500);
        builder.Property(a => a.Kind).HasMaxLength(20);
        builder.Property(a => a.Status).HasMaxLength(20);
        builder.Property(a => a.SignedPlace).HasMaxLength(200);
        builder.Property(a => a.Signatories).HasMaxLength(1000);
        builder.Property(a => a.ValueCurrency).HasMaxLength(3).IsFixedLength();
        builder.Property(a => a.ValueNote).HasMaxLength(1000);
        builder.Property(a => a.Summary).HasMaxLength(10000);
        builder.Property(a => a.EventName).HasMaxLength(300);
        builder.Property(a => a.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(a => a.UpdatedAt).HasDefaultValueSql("now()");
        builder.Property(a => a.Version).HasColumnName("xmin").IsRowVersion();
        builder.Property(a => a.CountsTowardTotals)
            .HasComputedColumnSql("parent_agreement_id IS NULL", stored: true);
        builder.Property<NpgsqlTsVector>(FullText.SearchVector)
            .HasComputedColumnSql("to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, ''))", stored: true);

        builder.Property<DateOnly>(ListOrder.SignedOnKey)
            .HasComputedColumnSql("COALESCE(signed_on, '-infinity'::date)", stored: true);

        builder.HasOne(a => a.ParentAgreement).WithMany(a => a.ChildAgreements)
            .HasForeignKey(a => a.ParentAgreementId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(a => a.Slug).IsUnique();
        builder.HasIndex(a => a.SignedOn);
        builder.HasIndex(a => a.ValueUsd);
        builder.HasIndex(a => a.Kind);
        builder.HasIndex(a => a.Status);
        builder.HasIndex(a => a.Title);
        builder.HasIndex(a => a.ParentAgreementId);
        builder.HasIndex(FullText.SearchVector).HasMethod("gin");
        builder.HasIndex(ListOrder.SignedOnKey, nameof(Agreement.Id)).IsDescending(true, false).HasFilter("archived_at IS NULL");

        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_agreements_kind", Vocabulary.CheckIn("kind", Vocabulary.AgreementKinds));
            t.HasCheckConstraint("ck_agreements_status", Vocabulary.CheckIn("status", Vocabulary.AgreementStatuses));
            t.HasCheckConstraint("ck_agreements_signed_on_precision", PartialDateColumns.Check("signed_on"));
            t.HasCheckConstraint("ck_agreements_value", PartialDateColumns.MoneyCheck("value"));
            t.HasCheckConstraint("ck_agreements_not_own_parent", "parent_agreement_id IS NULL OR parent_agreement_id <> id");
        });
    }
}

internal sealed class AgreementPartyConfiguration : IEntityTypeConfiguration<AgreementParty>
{
    public void Configure(EntityTypeBuilder<AgreementParty> builder)
    {
        builder.Property(p => p.CountryIso3).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.BlocCode).HasMaxLength(20);
        builder.HasOne(p => p.Agreement).WithMany(a => a.Parties).HasForeignKey(p => p.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Country).WithMany().HasForeignKey(p => p.CountryIso3).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Bloc).WithMany().HasForeignKey(p => p.BlocCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Organisation).WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.AgreementId, p.Position }).IsUnique();
        builder.HasIndex(p => new { p.CountryIso3, p.AgreementId });
        builder.HasIndex(p => p.BlocCode);
        builder.HasIndex(p => p.OrganisationId);
        builder.ToTable(t => t.HasCheckConstraint(
            "ck_agreement_parties_exactly_one", "num_nonnulls(country_iso3, bloc_code, organisation_id) = 1"));
    }
}

internal sealed class AgreementSectorConfiguration : IEntityTypeConfiguration<AgreementSector>
{
    public void Configure(EntityTypeBuilder<AgreementSector> builder)
    {
        builder.HasKey(s => new { s.AgreementId, s.SectorCode });
        builder.Property(s => s.SectorCode).HasMaxLength(40);
        builder.HasOne(s => s.Agreement).WithMany(a => a.Sectors).HasForeignKey(s => s.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Sector).WithMany().HasForeignKey(s => s.SectorCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.SectorCode, s.AgreementId });
    }
}

internal sealed class AgreementSourceConfiguration : IEntityTypeConfiguration<AgreementSource>
{
    public void Configure(EntityTypeBuilder<AgreementSource> builder)
    {
        builder.HasKey(s => new { s.AgreementId, s.SourceId });
        builder.Property(s => s.Note).HasMaxLength(1000);
        builder.HasOne(s => s.Agreement).WithMany(a => a.Sources).HasForeignKey(s => s.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Source).WithMany().HasForeignKey(s => s.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.SourceId);
    }
}
