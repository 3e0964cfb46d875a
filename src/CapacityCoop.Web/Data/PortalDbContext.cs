using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Data;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options)
{
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<Bloc> Blocs => Set<Bloc>();
    public DbSet<BlocMembership> BlocMemberships => Set<BlocMembership>();
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<AgreementParty> AgreementParties => Set<AgreementParty>();
    public DbSet<AgreementSector> AgreementSectors => Set<AgreementSector>();
    public DbSet<AgreementSource> AgreementSources => Set<AgreementSource>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectSector> ProjectSectors => Set<ProjectSector>();
    public DbSet<ProjectAgreement> ProjectAgreements => Set<ProjectAgreement>();
    public DbSet<ProjectCompany> ProjectCompanies => Set<ProjectCompany>();
    public DbSet<ProjectSource> ProjectSources => Set<ProjectSource>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Draft> Drafts => Set<Draft>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<CacheVersion> CacheVersions => Set<CacheVersion>();
    public DbSet<RecordFacet> RecordFacets => Set<RecordFacet>();
    public DbSet<RecordFacetKeys> RecordFacetKeys => Set<RecordFacetKeys>();
    public DbSet<PendingChange> PendingChanges => Set<PendingChange>();
    public DbSet<PendingChangeCommit> PendingChangeCommits => Set<PendingChangeCommit>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's tables first, so the configurations can adjust them and SnakeCaseNames renames them too.
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DatePrecision>().HaveConversion<DatePrecisionConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(20, 2);
    }
}
