using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CapacityCoop.Web.Data.Configurations;

internal sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.Property(d => d.EntityType).HasMaxLength(40);
        builder.Property(d => d.Payload).HasColumnType("jsonb");
        builder.Property(d => d.Title).HasMaxLength(500);
        builder.Property(d => d.State).HasMaxLength(20).HasDefaultValue(DraftStates.Draft);
        builder.Property(d => d.CreatedById).HasMaxLength(200);
        builder.Property(d => d.CreatedBy).HasMaxLength(200);
        builder.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(d => d.UpdatedById).HasMaxLength(200);
        builder.Property(d => d.UpdatedBy).HasMaxLength(200);
        builder.Property(d => d.UpdatedAt).HasDefaultValueSql("now()");
        builder.Property(d => d.ReviewedById).HasMaxLength(200);
        builder.Property(d => d.ReviewedBy).HasMaxLength(200);
        builder.Property(d => d.RejectReason).HasMaxLength(2000);
        builder.Property(d => d.Version).HasColumnName("xmin").IsRowVersion();
        builder.HasOne(d => d.ImportBatch).WithMany().HasForeignKey(d => d.ImportBatchId).OnDelete(DeleteBehavior.Cascade);

        // At most one open draft per published record: a second person editing it works on that draft (or is told
        // of the conflict), never on a parallel copy that would silently overwrite the first on publication.
        builder.HasIndex(d => new { d.EntityType, d.EntityId })
            .IsUnique()
            .HasFilter("entity_id IS NOT NULL AND state IN ('draft', 'rejected')")
            .HasDatabaseName("ux_drafts_open_per_record");
        builder.HasIndex(d => new { d.State, d.UpdatedAt });
        builder.HasIndex(d => d.ImportBatchId);

        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_drafts_state", Vocabulary.CheckIn("state", DraftStates.All));
            t.HasCheckConstraint("ck_drafts_entity_type", Vocabulary.CheckIn("entity_type", Vocabulary.EditableEntityTypes));
            t.HasCheckConstraint("ck_drafts_reject_reason", "state <> 'rejected' OR btrim(reject_reason) <> ''");
        });
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> builder)
    {
        builder.Property(b => b.EntityType).HasMaxLength(40);
        builder.Property(b => b.FileName).HasMaxLength(260);
        builder.Property(b => b.CreatedById).HasMaxLength(200);
        builder.Property(b => b.CreatedBy).HasMaxLength(200);
        builder.Property(b => b.CreatedAt).HasDefaultValueSql("now()");
        builder.ToTable(t => t.HasCheckConstraint("ck_import_batches_entity_type", Vocabulary.CheckIn("entity_type", ["agreement", "project"])));
    }
}
