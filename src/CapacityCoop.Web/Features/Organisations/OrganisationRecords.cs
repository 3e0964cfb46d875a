using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Organisations;

/// <summary>Creates and replaces organisations for the API and the staff drafts.</summary>
public sealed class OrganisationRecords(PortalDbContext db, OrganisationEditor editor, TimeProvider clock)
    : RecordWriter<Organisation, OrganisationInput, OrganisationEditor.Validated>(db, clock)
{
    public override string EntityType => OrganisationEditor.EntityType;

    protected override Task<(OrganisationEditor.Validated? Value, Dictionary<string, string[]> Errors)> ValidateInputAsync(
        OrganisationInput input, long? id, CancellationToken cancellationToken) => editor.ValidateAsync(input, id, cancellationToken);

    protected override Organisation NewEntity(OrganisationEditor.Validated valid, string placeholderSlug) =>
        new() { Slug = placeholderSlug, Name = valid.Name, Kind = valid.Kind };

    protected override Task ApplyAsync(Organisation entity, OrganisationEditor.Validated valid, CancellationToken cancellationToken)
    {
        OrganisationEditor.Apply(entity, valid);
        return Task.CompletedTask;
    }

    protected override object Snapshot(Organisation entity) => OrganisationEditor.Snapshot(entity);

    protected override string TitleOf(Organisation entity) => entity.Name;

    public override string TitleOf(OrganisationInput input) => InputText.Trimmed(input.Name) ?? "(unnamed organisation)";

    protected override uint VersionOf(Organisation entity) => entity.Version;

    protected override Task<Organisation?> LoadForEditAsync(long id, CancellationToken cancellationToken) =>
        Db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);

    protected override OrganisationInput ToInput(Organisation o) => new()
    {
        Name = o.Name,
        NameZh = o.NameZh,
        Kind = o.Kind,
        Country = o.CountryIso3,
        Slug = o.Slug,
    };

    /// <summary>Published organisations whose names are the same or nearly so.</summary>
    public override async Task<IReadOnlyList<DuplicateCandidate>> FindDuplicatesAsync(OrganisationInput input, long? id, CancellationToken cancellationToken)
    {
        if (InputText.Trimmed(input.Name) is not { } name)
        {
            return [];
        }

        var firstWord = LikelyDuplicates.Normalise(name).Split(' ')[0];
        var candidates = await Db.Organisations.AsNoTracking()
            .Where(o => o.ArchivedAt == null && o.Id != id && EF.Functions.ILike(o.Name, "%" + firstWord + "%"))
            .Select(o => new { o.Id, o.Name })
            .Take(500)
            .ToListAsync(cancellationToken);
        return candidates.Where(c => LikelyDuplicates.SimilarTitles(c.Name, name)).Take(10)
            .Select(c => new DuplicateCandidate(EntityType, c.Id, c.Name, null, "a similar name")).ToList();
    }
}
