using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CapacityCoop.Web.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(12);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.Scopes).HasColumnType("text[]");
        builder.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(k => k.CreatedBy).HasMaxLength(200);

        // Every request with a key looks it up by its hash.
        builder.HasIndex(k => k.Hash).IsUnique();

        var scopes = string.Join(", ", ApiKeyScopes.All.Select(s => $"'{s}'"));
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_api_keys_scopes", $"scopes <@ ARRAY[{scopes}]::text[] AND cardinality(scopes) > 0");
            t.HasCheckConstraint("ck_api_keys_hash", "hash ~ '^[0-9a-f]{64}$'");
            t.HasCheckConstraint("ck_api_keys_name", "btrim(name) <> ''");
        });
    }
}
