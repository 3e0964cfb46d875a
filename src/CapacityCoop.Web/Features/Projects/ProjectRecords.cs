using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Projects;

/// <summary>Creates and replaces projects for the API, the staff drafts and the CSV import.</summary>
public sealed class ProjectRecords(PortalDbContext db, ProjectEditor editor, TimeProvider clock)
    : RecordWriter<Project, ProjectInput, ProjectEditor.Validated>(db, clock)
{
    public override string EntityType => ProjectEditor.EntityType;

    protected override Task<(ProjectEditor.Validated? Value, Dictionary<string, string[]> Errors)> ValidateInputAsync(
        ProjectInput input, long? id, CancellationToken cancellationToken) => editor.ValidateAsync(input, id, cancellationToken);

    protected override Project NewEntity(ProjectEditor.Validated valid, string placeholderSlug) =>
        new() { Slug = placeholderSlug, Name = valid.Name, HostCountryIso3 = valid.HostCountry, Status = valid.Status };

    protected override async Task ApplyAsync(Project entity, ProjectEditor.Validated valid, CancellationToken cancellationToken)
    {
        await editor.ApplyAsync(entity, valid, cancellationToken);
        if (entity.Id == 0)
        {
            entity.CreatedAt = entity.UpdatedAt;
        }
    }

    protected override object Snapshot(Project entity) => ProjectEditor.Snapshot(entity);

    protected override string TitleOf(Project entity) => entity.Name;

    public override string TitleOf(ProjectInput input) => InputText.Trimmed(input.Name) ?? "(unnamed project)";

    protected override uint VersionOf(Project entity) => entity.Version;

    protected override Task<Project?> LoadForEditAsync(long id, CancellationToken cancellationToken) =>
        Db.Projects
            .Include(p => p.Sectors)
            .Include(p => p.Agreements)
            .Include(p => p.Companies)
            .Include(p => p.Sources)
            .AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    protected override ProjectInput ToInput(Project p) => new()
    {
        Name = p.Name,
        NameZh = p.NameZh,
        HostCountry = p.HostCountryIso3,
        Status = p.Status,
        Sectors = p.Sectors.Select(s => s.SectorCode).Order(StringComparer.Ordinal).ToList(),
        AgreementIds = p.Agreements.Select(a => a.AgreementId).Order().ToList(),
        Companies = p.Companies.OrderBy(c => c.OrganisationId).ThenBy(c => c.Role, StringComparer.Ordinal)
            .Select(c => new CompanyInput(c.OrganisationId, c.Role)).ToList(),
        Investment = p.Investment is { } v ? new MoneyInput(v.Amount, v.Currency, v.Usd) : null,
        InvestmentNote = p.InvestmentNote,
        Capacity = p.CapacityValue is { } value ? new CapacityInput(value, p.CapacityUnit) : null,
        JobsCreated = p.JobsCreated,
        AnnouncedOn = p.Announced?.ToString(),
        ConstructionStartOn = p.ConstructionStart?.ToString(),
        CompletedOn = p.Completed?.ToString(),
        Latitude = p.Latitude,
        Longitude = p.Longitude,
        Summary = p.Summary,
        Sources = p.Sources.OrderBy(s => s.SourceId).Select(s => new SourceInput(s.SourceId, null, null, null, null, s.Note)).ToList(),
        Slug = p.Slug,
    };

    /// <summary>Published projects in the same host country with a similar name, announced or started within a year.</summary>
    public override async Task<IReadOnlyList<DuplicateCandidate>> FindDuplicatesAsync(ProjectInput input, long? id, CancellationToken cancellationToken)
    {
        if (InputText.Trimmed(input.HostCountry)?.ToUpperInvariant() is not { } host || InputText.Trimmed(input.Name) is not { } name)
        {
            return [];
        }

        var date = PartialDate.TryParse(input.ConstructionStartOn ?? input.AnnouncedOn, out var d) ? d.Date : (DateOnly?)null;
        var query = Db.Projects.AsNoTracking().Where(p => p.ArchivedAt == null && p.Id != id && p.HostCountryIso3 == host);
        if (date is { } day)
        {
            var (from, to) = (day.AddDays(-LikelyDuplicates.DateWindowDays), day.AddDays(LikelyDuplicates.DateWindowDays));
            query = query.Where(p => (p.ConstructionStartOn ?? p.AnnouncedOn) == null
                                     || ((p.ConstructionStartOn ?? p.AnnouncedOn) >= from && (p.ConstructionStartOn ?? p.AnnouncedOn) <= to));
        }

        var candidates = await query
            .Select(p => new { p.Id, p.Name, Date = p.ConstructionStartOn ?? p.AnnouncedOn })
            .ToListAsync(cancellationToken);

        return candidates
            .Where(c => LikelyDuplicates.CloseDates(c.Date, date) && LikelyDuplicates.SimilarTitles(c.Name, name))
            .Take(10)
            .Select(c => new DuplicateCandidate(EntityType, c.Id, c.Name, c.Date?.ToString("yyyy-MM-dd"), "same host country, a similar name and a date within a year"))
            .ToList();
    }
}
