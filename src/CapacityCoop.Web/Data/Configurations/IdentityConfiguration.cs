using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CapacityCoop.Web.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(PortalUser.DisplayNameMaxLength);
        builder.Property(u => u.DisabledAt);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}

internal sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> builder)
    {
        builder.ToTable("sign_in_sessions");
        builder.Property(s => s.Id).ValueGeneratedNever();

        // Revoking every session of an account (disable, password reset) looks them up by user.
        builder.HasIndex(s => s.UserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
