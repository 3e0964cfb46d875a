using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Data.Migrations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Web.Features.Agreements;

/// <summary>Creates and replaces agreements for the API, the staff drafts and the CSV import.</summary>
public sealed class AgreementRecords(PortalDbContext db, AgreementEditor editor, TimeProvider clock)
    : RecordWriter<Agreement, AgreementInput, AgreementEditor.Validated>(db, clock)
{
    public override string EntityType => AgreementEditor.EntityType;

    protected override Task<(AgreementEditor.Validated? Value, Dictionary<string, string[]> Errors)> ValidateInputAsync(
        AgreementInput input, long? id, CancellationToken cancellationToken) => editor.ValidateAsync(input, id, cancellationToken);

    protected override Agreement NewEntity(AgreementEditor.Validated valid, string placeholderSlug) =>
        new() { Slug = placeholderSlug, Title = valid.Title, Kind = valid.Kind, Status = valid.Status };

    protected override async Task ApplyAsync(Agreement entity, AgreementEditor.Validated valid, CancellationToken cancellationToken)
    {
        await editor.ApplyAsync(entity, valid, cancellationToken);
        if (entity.Id == 0)
        {
            entity.CreatedAt = entity.UpdatedAt;
        }
    }

    protected override object Snapshot(Agreement entity) => AgreementEditor.Snapshot(entity);

    /// <summary>The umbrella rule as the database checks it under its lock: another edit made the link invalid since validation.</summary>
    protected override Dictionary<string, string[]>? RejectedByDatabase(PostgresException exception) =>
        exception.ConstraintName == UmbrellaOneLevel.ConstraintName
            ? new() { ["parentAgreementId"] = [$"{exception.MessageText} Another edit changed an umbrella link meanwhile; nothing was saved."] }
            : null;

    protected override string TitleOf(Agreement entity) => entity.Title;

    public override string TitleOf(AgreementInput input) => InputText.Trimmed(input.Title) ?? "(untitled agreement)";

    protected override uint VersionOf(Agreement entity) => entity.Version;

    protected override Task<Agreement?> LoadForEditAsync(long id, CancellationToken cancellationToken) =>
        Db.Agreements
            .Include(a => a.Parties)
            .Include(a => a.Sectors)
            .Include(a => a.Sources)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    protected override AgreementInput ToInput(Agreement a) => new()
    {
        Title = a.Title,
        TitleZh = a.TitleZh,
        Kind = a.Kind,
        Status = a.Status,
        Parties = a.Parties.OrderBy(p => p.Position).Select(p => new PartyInput(p.CountryIso3, p.BlocCode, p.OrganisationId)).ToList(),
        SignedOn = a.Signed?.ToString(),
        SignedPlace = a.SignedPlace,
        Signatories = a.Signatories,
        Value = a.Value is { } v ? new MoneyInput(v.Amount, v.Currency, v.Usd) : null,
        ValueNote = a.ValueNote,
        Sectors = a.Sectors.Select(s => s.SectorCode).Order(StringComparer.Ordinal).ToList(),
        Summary = a.Summary,
        Event = a.EventName,
        ParentAgreementId = a.ParentAgreementId,
        Sources = a.Sources.OrderBy(s => s.SourceId).Select(s => new SourceInput(s.SourceId, null, null, null, null, s.Note)).ToList(),
        Slug = a.Slug,
    };

    /// <summary>Published agreements between exactly the same parties, with a similar title, signed within a year.</summary>
    public override async Task<IReadOnlyList<DuplicateCandidate>> FindDuplicatesAsync(AgreementInput input, long? id, CancellationToken cancellationToken)
    {
        var parties = (input.Parties ?? []).Where(p => p is not null).Select(PartyKey).Distinct().ToList();
        if (parties.Count < 2 || InputText.Trimmed(input.Title) is not { } title)
        {
            return [];
        }

        var signed = PartialDate.TryParse(input.SignedOn, out var date) ? date.Date : (DateOnly?)null;

        // One typed condition per party, so each uses the index on that column (a COALESCE over the three would not).
        var query = Db.Agreements.AsNoTracking().Where(a => a.ArchivedAt == null && a.Id != id);
        foreach (var party in (input.Parties ?? []).Where(p => p is not null).DistinctBy(PartyKey))
        {
            var key = PartyKey(party);
            query = party switch
            {
                { Country: not null } => query.Where(a => a.Parties.Any(p => p.CountryIso3 == key)),
                { Bloc: not null } => query.Where(a => a.Parties.Any(p => p.BlocCode == key)),
                _ => query.Where(a => a.Parties.Any(p => p.OrganisationId == party.OrganisationId)),
            };
        }

        if (signed is { } day)
        {
            var (from, to) = (day.AddDays(-LikelyDuplicates.DateWindowDays), day.AddDays(LikelyDuplicates.DateWindowDays));
            query = query.Where(a => a.SignedOn == null || (a.SignedOn >= from && a.SignedOn <= to));
        }

        var candidates = await query
            .Select(a => new
            {
                a.Id,
                a.Title,
                a.SignedOn,
                a.SignedOnPrecision,
                Parties = a.Parties.Select(p => p.CountryIso3 ?? p.BlocCode ?? "org:" + p.OrganisationId).ToList(),
            })
            .ToListAsync(cancellationToken);

        return candidates
            .Where(c => c.Parties.Distinct().Order(StringComparer.Ordinal).SequenceEqual(parties.Order(StringComparer.Ordinal)))
            .Where(c => LikelyDuplicates.CloseDates(c.SignedOn, signed) && LikelyDuplicates.SimilarTitles(c.Title, title))
            .Take(10)
            .Select(c => new DuplicateCandidate(
                EntityType, c.Id, c.Title,
                c.SignedOn is { } d && c.SignedOnPrecision is { } p ? new PartialDate(d, p).ToString() : null,
                "same parties, a similar title and a signing date within a year"))
            .ToList();
    }

    private static string PartyKey(PartyInput party) =>
        party.Country?.Trim().ToUpperInvariant() ?? party.Bloc?.Trim().ToUpperInvariant() ?? "org:" + party.OrganisationId;
}
