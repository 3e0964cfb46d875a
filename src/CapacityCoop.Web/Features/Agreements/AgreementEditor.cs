using System.Text.RegularExpressions;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Agreements;

/// <summary>
/// Validates an <see cref="AgreementInput"/> and applies it to an entity. The API and the staff forms both write
/// through here, so a rule holds wherever the data comes from.
/// </summary>
public sealed partial class AgreementEditor(PortalDbContext db, ReferenceData referenceData, TimeProvider clock)
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
        var sectors = ValidateSectors(input.Sectors, reference, errors);
        var sources = await ValidateSourcesAsync(input.Sources, errors, today, cancellationToken);
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
        agreement.TitleZh = Trimmed(input.TitleZh);
        agreement.Kind = valid.Kind;
        agreement.Status = valid.Status;
        agreement.Signed = valid.Signed;
        agreement.SignedPlace = Trimmed(input.SignedPlace);
        agreement.Signatories = Trimmed(input.Signatories);
        agreement.Value = valid.Value;
        agreement.ValueNote = Trimmed(input.ValueNote);
        agreement.Summary = Trimmed(input.Summary);
        agreement.EventName = Trimmed(input.Event);
        agreement.ParentAgreementId = input.ParentAgreementId;
        agreement.UpdatedAt = clock.GetUtcNow();
        if (Trimmed(input.Slug) is { } slug)
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
                ? new AgreementSource { SourceId = id, Note = Trimmed(source.Note) }
                : new AgreementSource { Source = await NewSourceAsync(source, cancellationToken), Note = Trimmed(source.Note) });
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

    public static string SlugFrom(string title, long id)
    {
        var words = NonAlphanumeric().Replace(title.ToLowerInvariant(), "-").Trim('-');
        var stem = words.Length > 80 ? words[..80].TrimEnd('-') : words;
        return stem.Length == 0 ? $"agreement-{id}" : $"{stem}-{id}";
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<Source> NewSourceAsync(SourceInput input, CancellationToken cancellationToken)
    {
        var title = input.Title!.Trim();
        var url = Trimmed(input.Url);

        // The same article cited twice is one source: reuse it when title and URL match.
        var existing = await db.Sources.FirstOrDefaultAsync(s => s.Title == title && s.Url == url, cancellationToken);
        return existing ?? new Source
        {
            Slug = $"src-{Guid.NewGuid():N}"[..16],
            Title = title,
            Publisher = Trimmed(input.Publisher),
            Published = input.PublishedOn is null ? null : PartialDate.Parse(input.PublishedOn),
            Url = url,
        };
    }

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
        var knownOrganisations = await db.Organisations.Where(o => organisationIds.Contains(o.Id) && o.ArchivedAt == null)
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
                if (reference.Countries.TryGetValue(country.Trim(), out var known))
                {
                    result.Add(new PartyInput(known.Iso3, null, null));
                }
                else
                {
                    errors.Add($"{field}.country", $"'{country}' is not an ISO 3166-1 alpha-3 country code.");
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

    private static IReadOnlyList<string> ValidateSectors(IReadOnlyList<string>? sectors, ReferenceData.Snapshot reference, InputErrors errors)
    {
        var result = new List<string>();
        for (var i = 0; i < (sectors?.Count ?? 0); i++)
        {
            var code = sectors![i]?.Trim() ?? "";
            if (reference.Sectors.TryGetValue(code, out var known))
            {
                if (!result.Contains(known.Code))
                {
                    result.Add(known.Code);
                }
            }
            else
            {
                errors.Add($"sectors[{i}]", $"'{code}' is not a known sector code.");
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<SourceInput>> ValidateSourcesAsync(
        IReadOnlyList<SourceInput>? sources, InputErrors errors, DateOnly today, CancellationToken cancellationToken)
    {
        if (sources is null || sources.Count == 0)
        {
            errors.Add("sources", "At least one source is required: every record must be traceable to a publication.");
            return [];
        }

        var ids = sources.Where(s => s?.SourceId is not null).Select(s => s.SourceId!.Value).ToList();
        var known = await db.Sources.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        var result = new List<SourceInput>();
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var field = $"sources[{i}]";
            if (source is null)
            {
                errors.Add(field, $"'{field}' is empty.");
                continue;
            }

            errors.Optional($"{field}.note", source.Note, 1000);
            if (source.SourceId is { } id)
            {
                if (source.Title is not null)
                {
                    errors.Add(field, $"'{field}' gives both sourceId and title: cite an existing source by id, or describe a new one.");
                }
                else if (!known.Contains(id))
                {
                    errors.Add($"{field}.sourceId", $"No source with id {id}.");
                }
                else
                {
                    result.Add(source);
                }

                continue;
            }

            var title = errors.Required($"{field}.title", source.Title, 500);
            errors.Optional($"{field}.publisher", source.Publisher, 200);
            var published = errors.Date($"{field}.publishedOn", source.PublishedOn, today);
            var url = errors.Url($"{field}.url", source.Url);
            if (title is not null)
            {
                result.Add(source with { Title = title, PublishedOn = published?.ToString(), Url = url });
            }
        }

        if (result.Where(s => s.SourceId is not null).GroupBy(s => s.SourceId).Any(g => g.Count() > 1))
        {
            errors.Add("sources", "The same source is cited twice.");
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
        if (Trimmed(slug) is not { } value)
        {
            return;
        }

        if (!SlugPattern().IsMatch(value))
        {
            errors.Add("slug", "'slug' must be 1–120 lowercase letters, digits and hyphens, starting with a letter or digit.");
        }
        else if (await db.Agreements.AnyAsync(a => a.Slug == value && a.Id != currentId, cancellationToken))
        {
            errors.Add("slug", $"Another agreement already has the slug '{value}'.");
        }
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,119}$")]
    private static partial Regex SlugPattern();
}
