using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Agreements;

/// <summary>
/// Validates an <see cref="AgreementInput"/> and applies it to an entity. The API and the staff forms both write
/// through here, so a rule holds wherever the data comes from.
/// </summary>
public sealed class AgreementEditor(PortalDbContext db, ReferenceData referenceData, TimeProvider clock)
{
    public const string EntityType = "agreement";

    /// <summary>The input checked and normalised: codes in canonical case, parties resolved, money completed.</summary>
    public sealed record Validated(
        AgreementInput Input,
        string Title,
        string Kind,
        string Status,
        PartialDate? Signed,
        Money? Value,
        IReadOnlyList<PartyInput> Parties,
        IReadOnlyList<string> Sectors,
        IReadOnlyList<SourceInput> Sources);

    public async Task<(Validated? Value, Dictionary<string, string[]> Errors)> ValidateAsync(
        AgreementInput input, long? currentId, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var reference = await referenceData.GetAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        errors.RejectControlCharacters(input);
        errors.UnknownFields(input.UnknownFields?.Keys, "an agreement");
        var title = errors.Required("title", input.Title, 500);
        errors.Optional("titleZh", input.TitleZh, 500);
        var kind = errors.OneOf("kind", input.Kind, Vocabulary.AgreementKinds);
        var status = errors.OneOf("status", input.Status, Vocabulary.AgreementStatuses);
        var signed = errors.Date("signedOn", input.SignedOn, today);
        errors.Optional("signedPlace", input.SignedPlace, 200);
        errors.Optional("signatories", input.Signatories, 1000);
        var value = errors.Money("value", input.Value);
        errors.Optional("valueNote", input.ValueNote, 1000);
        errors.Optional("summary", input.Summary, 10000);
        errors.Optional("event", input.Event, 300);

        var parties = await ValidatePartiesAsync(input.Parties, reference, errors, cancellationToken);
        var sectors = errors.Sectors("sectors", input.Sectors, reference);
        var sources = await SourceInputs.ValidateAsync(db, input.Sources, errors, today, cancellationToken);
        await ValidateParentAsync(input.ParentAgreementId, currentId, errors, cancellationToken);
        await ValidateSlugAsync(input.Slug, currentId, errors, cancellationToken);

        return errors.IsValid
            ? (new Validated(input, title!, kind!, status!, signed, value, parties, sectors, sources), errors.Errors)
            : (null, errors.Errors);
    }

    /// <summary>Copies validated values onto the entity, replacing its parties, sectors and sources.</summary>
    public async Task ApplyAsync(Agreement agreement, Validated valid, CancellationToken cancellationToken)
    {
        var input = valid.Input;
        agreement.Title = valid.Title;
        agreement.TitleZh = InputText.Trimmed(input.TitleZh);
        agreement.Kind = valid.Kind;
        agreement.Status = valid.Status;
        agreement.Signed = valid.Signed;
        agreement.SignedPlace = InputText.Trimmed(input.SignedPlace);
        agreement.Signatories = InputText.Trimmed(input.Signatories);
        agreement.Value = valid.Value;
        agreement.ValueNote = InputText.Trimmed(input.ValueNote);
        agreement.Summary = InputText.Trimmed(input.Summary);
        agreement.EventName = InputText.Trimmed(input.Event);
        agreement.ParentAgreementId = input.ParentAgreementId;
        agreement.UpdatedAt = clock.GetUtcNow();
        if (InputText.Trimmed(input.Slug) is { } slug)
        {
            agreement.Slug = slug;
        }

        agreement.Parties.Clear();
        agreement.Parties.AddRange(valid.Parties.Select((p, i) => new AgreementParty
        {
            Position = i + 1,
            CountryIso3 = p.Country,
            BlocCode = p.Bloc,
            OrganisationId = p.OrganisationId,
        }));

        agreement.Sectors.RemoveAll(s => !valid.Sectors.Contains(s.SectorCode));
        agreement.Sectors.AddRange(valid.Sectors.Where(code => agreement.Sectors.All(s => s.SectorCode != code))
            .Select(code => new AgreementSector { SectorCode = code }));

        agreement.Sources.Clear();
        foreach (var source in valid.Sources)
        {
            agreement.Sources.Add(source.SourceId is { } id
                ? new AgreementSource { SourceId = id, Note = InputText.Trimmed(source.Note) }
                : new AgreementSource { Source = await SourceInputs.NewSourceAsync(db, source, cancellationToken), Note = InputText.Trimmed(source.Note) });
        }
    }

    /// <summary>What the audit trail records for an agreement: its own fields, with parties and sources as codes and ids.</summary>
    public static object Snapshot(Agreement a) => new
    {
        a.Slug,
        a.Title,
        a.TitleZh,
        a.Kind,
        a.Status,
        SignedOn = a.Signed?.ToString(),
        a.SignedPlace,
        a.Signatories,
        Value = a.Value is { } v ? new MoneyDto(v.Amount, v.Currency, v.Usd) : null,
        a.ValueNote,
        a.Summary,
        Event = a.EventName,
        a.ParentAgreementId,
        Parties = a.Parties.OrderBy(p => p.Position)
            .Select(p => p.CountryIso3 is { } c ? $"country:{c}" : p.BlocCode is { } b ? $"bloc:{b}" : $"organisation:{p.OrganisationId}").ToList(),
        Sectors = a.Sectors.Select(s => s.SectorCode).Order(StringComparer.Ordinal).ToList(),
        Sources = a.Sources.Select(s => new { SourceId = s.SourceId != 0 ? s.SourceId : s.Source?.Id, s.Note }).OrderBy(s => s.SourceId).ToList(),
        Archived = a.ArchivedAt is not null,
    };

    private async Task<IReadOnlyList<PartyInput>> ValidatePartiesAsync(
        IReadOnlyList<PartyInput>? parties, ReferenceData.Snapshot reference, InputErrors errors, CancellationToken cancellationToken)
    {
        if (parties is null || parties.Count < 2)
        {
            errors.Add("parties", "An agreement needs at least two parties (countries, blocs or organisations).");
            return [];
        }

        if (parties.Count > 50)
        {
            errors.Add("parties", "An agreement may have at most 50 parties.");
            return [];
        }

        var organisationIds = parties.Where(p => p?.OrganisationId is not null).Select(p => p.OrganisationId!.Value).ToList();
        // No query when no organisation is a party, as for most rows of a CSV import.
        var knownOrganisations = organisationIds.Count == 0 ? [] : await db.Organisations.Where(o => organisationIds.Contains(o.Id) && o.ArchivedAt == null)
            .Select(o => o.Id).ToListAsync(cancellationToken);

        var result = new List<PartyInput>();
        for (var i = 0; i < parties.Count; i++)
        {
            var party = parties[i];
            var field = $"parties[{i}]";
            var given = party is null ? 0 : new object?[] { party.Country, party.Bloc, party.OrganisationId }.Count(x => x is not null);
            if (party is null || given != 1)
            {
                errors.Add(field, $"'{field}' must give exactly one of country (ISO 3166-1 alpha-3), bloc or organisationId.");
                continue;
            }

            if (party.Country is { } country)
            {
                if (errors.Country($"{field}.country", country, reference, required: true) is { } iso3)
                {
                    result.Add(new PartyInput(iso3, null, null));
                }
            }
            else if (party.Bloc is { } bloc)
            {
                if (reference.Blocs.TryGetValue(bloc.Trim(), out var known))
                {
                    result.Add(new PartyInput(null, known.Code, null));
                }
                else
                {
                    errors.Add($"{field}.bloc", $"'{bloc}' is not a known bloc. Known: {string.Join(", ", reference.Blocs.Keys.Order())}.");
                }
            }
            else if (knownOrganisations.Contains(party.OrganisationId!.Value))
            {
                result.Add(party with { Country = null, Bloc = null });
            }
            else
            {
                errors.Add($"{field}.organisationId", $"No organisation with id {party.OrganisationId}.");
            }
        }

        if (result.Distinct().Count() != result.Count)
        {
            errors.Add("parties", "The same party is listed twice.");
        }

        return result;
    }

    private async Task ValidateParentAsync(long? parentId, long? currentId, InputErrors errors, CancellationToken cancellationToken)
    {
        if (parentId is not { } id)
        {
            return;
        }

        if (id == currentId)
        {
            errors.Add("parentAgreementId", "An agreement cannot be its own umbrella.");
            return;
        }

        var parent = await db.Agreements.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.ArchivedAt, a.ParentAgreementId }).SingleOrDefaultAsync(cancellationToken);
        if (parent is null || parent.ArchivedAt is not null)
        {
            errors.Add("parentAgreementId", $"No agreement with id {id}.");
        }
        else if (parent.ParentAgreementId is not null)
        {
            errors.Add("parentAgreementId", $"Agreement {id} is itself under an umbrella; umbrellas are one level deep.");
        }
        else if (currentId is { } current && await db.Agreements.AnyAsync(a => a.ParentAgreementId == current, cancellationToken))
        {
            errors.Add("parentAgreementId", "This agreement is an umbrella for others, so it cannot be placed under another one.");
        }
    }

    private async Task ValidateSlugAsync(string? slug, long? currentId, InputErrors errors, CancellationToken cancellationToken)
    {
        if (errors.Slug("slug", slug) is { } value && await db.Agreements.AnyAsync(a => a.Slug == value && a.Id != currentId, cancellationToken))
        {
            errors.Add("slug", $"Another agreement already has the slug '{value}'.");
        }
    }
}
