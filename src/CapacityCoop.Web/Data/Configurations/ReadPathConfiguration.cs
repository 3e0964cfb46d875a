using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace CapacityCoop.Web.Data.Configurations;

// The tables behind the read path (ADR-010). Their triggers and functions live in 20261204120000_ReadPath.sql and
// 20261204180000_FacetKeySearch.sql.

internal sealed class CacheVersionConfiguration : IEntityTypeConfiguration<CacheVersion>
{
    public void Configure(EntityTypeBuilder<CacheVersion> builder)
    {
        builder.HasKey(v => v.Tag);
        builder.Property(v => v.Tag).HasMaxLength(80);
    }
}

internal sealed class RecordFacetConfiguration : IEntityTypeConfiguration<RecordFacet>
{
    public void Configure(EntityTypeBuilder<RecordFacet> builder)
    {
        builder.HasKey(f => new { f.RecordType, f.FilterDimension, f.FilterValue, f.Dimension, f.Value });
        builder.Property(f => f.RecordType).HasMaxLength(20);
        builder.Property(f => f.FilterDimension).HasMaxLength(20);
        builder.Property(f => f.FilterValue).HasMaxLength(60);
        builder.Property(f => f.Dimension).HasMaxLength(20);
        builder.Property(f => f.Value).HasMaxLength(60);
        builder.Property(f => f.CountedValueUsd).HasPrecision(24, 2);

        // Rows whose counts fell to zero are removed after each change; this keeps finding them cheap.
        builder.HasIndex(f => f.RecordType).HasFilter("records = 0 AND counted_records = 0 AND counted_value_usd = 0");
    }
}

internal sealed class RecordFacetKeysConfiguration : IEntityTypeConfiguration<RecordFacetKeys>
{
    public void Configure(EntityTypeBuilder<RecordFacetKeys> builder)
    {
        builder.HasKey(k => new { k.RecordType, k.RecordId });
        builder.Property(k => k.RecordType).HasMaxLength(20);

        // A copy of the record's search vector (kept with the keys by the database), so full-text searches are counted
        // from this table alone (20261204180000_FacetKeySearch).
        builder.Property<NpgsqlTsVector>(FullText.SearchVector);

        // Filters with more conditions than record_facets holds are counted over these keys (FacetTable.ScanAsync). A scan
        // always names one record type: an index per type, so it is never combined with a scan of the other type's rows.
        foreach (var recordType in new[] { RecordFacet.Agreement, RecordFacet.Project })
        {
            builder.HasIndex(k => k.Keys, $"ix_record_facet_keys_{recordType}_keys").HasMethod("gin").HasFilter($"record_type = '{recordType}'");
            builder.HasIndex([FullText.SearchVector], $"ix_record_facet_keys_{recordType}_search_vector").HasMethod("gin").HasFilter($"record_type = '{recordType}'");
        }
    }
}

internal sealed class PendingChangeConfiguration : IEntityTypeConfiguration<PendingChange>
{
    public void Configure(EntityTypeBuilder<PendingChange> builder)
    {
                builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.RecordType).HasMaxLength(20);
    }
}

internal sealed class PendingChangeCommitConfiguration : IEntityTypeConfiguration<PendingChangeCommit>
{
    public void Configure(EntityTypeBuilder<PendingChangeCommit> builder)
    {
                builder.HasKey(c => c.TransactionId);
        builder.Property(c => c.TransactionId).ValueGeneratedNever();
    }
}
