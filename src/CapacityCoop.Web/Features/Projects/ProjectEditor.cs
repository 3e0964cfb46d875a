using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Projects;

/// <summary>
/// Validates a <see cref="ProjectInput"/> and applies it to an entity. The API and the staff forms both write
/// through here, so a rule holds wherever the data comes from.
/// </summary>
public sealed class ProjectEditor(PortalDbContext db, ReferenceData referenceData, TimeProvider clock)
{
    public const string EntityType = "project";

    public const int MaxJobs = 10_000_000;

    /// <summary>numeric(20,4) holds values below 10^16.</summary>
    private const decimal MaxCapacity = 1e16m;

    private const int MaxLinks = 100;

    /// <summary>The input checked and normalised: codes in canonical case, dates parsed, money completed.</summary>
    public sealed record Validated(
        ProjectInput Input,
        string Name,
        string HostCountry,
        string Status,
        IReadOnlyList<string> Sectors,
        IReadOnlyList<long> AgreementIds,
        IReadOnlyList<(long OrganisationId, string Role)> Companies,
        Money? Investment,
        CapacityDto? Capacity,
        int? JobsCreated,
        PartialDate? Announced,
        PartialDate? ConstructionStart,
        PartialDate? Completed,
        (double Latitude, double Longitude)? Location,
        IReadOnlyList<SourceInput> Sources);

    public async Task<(Validated? Value, Dictionary<string, string[]> Errors)> ValidateAsync(
        ProjectInput input, long? currentId, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var reference = await referenceData.GetAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        errors.RejectControlCharacters(input);
        errors.UnknownFields(input.UnknownFields?.Keys, "a project");
        var name = errors.Required("name", input.Name, 500);
        errors.Optional("nameZh", input.NameZh, 500);
        var hostCountry = errors.Country("hostCountry", input.HostCountry, reference, required: true);
        var status = errors.OneOf("status", input.Status, Vocabulary.ProjectStatuses);
        var sectors = errors.Sectors("sectors", input.Sectors, reference, requiredFor: "A project");
        var investment = errors.Money("investment", input.Investment);
        errors.Optional("investmentNote", input.InvestmentNote, 1000);
        var capacity = ValidateCapacity(input.Capacity, errors);
        var jobs = ValidateJobs(input.JobsCreated, errors);
        var (announced, started, completed) = ValidateDates(input, errors, today);
        var location = ValidateLocation(input.Latitude, input.Longitude, errors);
        errors.Optional("summary", input.Summary, 10000);

        var agreementIds = await ValidateAgreementsAsync(input.AgreementIds, currentId, errors, cancellationToken);
        var companies = await ValidateCompaniesAsync(input.Companies, currentId, errors, cancellationToken);
        var sources = await SourceInputs.ValidateAsync(db, input.Sources, errors, today, cancellationToken);
        await ValidateSlugAsync(input.Slug, currentId, errors, cancellationToken);

        return errors.IsValid
            ? (new Validated(input, name!, hostCountry!, status!, sectors, agreementIds, companies, investment, capacity, jobs,
                announced, started, completed, location, sources), errors.Errors)
            : (null, errors.Errors);
    }

    /// <summary>Copies validated values onto the entity, replacing its sectors, agreements, companies and sources.</summary>
    public async Task ApplyAsync(Project project, Validated valid, CancellationToken cancellationToken)
    {
        var input = valid.Input;
        project.Name = valid.Name;
        project.NameZh = InputText.Trimmed(input.NameZh);
        project.HostCountryIso3 = valid.HostCountry;
        project.Status = valid.Status;
        project.Investment = valid.Investment;
        project.InvestmentNote = InputText.Trimmed(input.InvestmentNote);
        (project.CapacityValue, project.CapacityUnit) = (valid.Capacity?.Value, valid.Capacity?.Unit);
        project.JobsCreated = valid.JobsCreated;
        project.Announced = valid.Announced;
        project.ConstructionStart = valid.ConstructionStart;
        project.Completed = valid.Completed;
        (project.Latitude, project.Longitude) = (valid.Location?.Latitude, valid.Location?.Longitude);
        project.Summary = InputText.Trimmed(input.Summary);
        project.UpdatedAt = clock.GetUtcNow();
        if (InputText.Trimmed(input.Slug) is { } slug)
        {
            project.Slug = slug;
        }

        // Links that stay are kept as they are rather than deleted and re-added under the same key.
        project.Sectors.RemoveAll(s => !valid.Sectors.Contains(s.SectorCode));
        project.Sectors.AddRange(valid.Sectors.Where(code => project.Sectors.All(s => s.SectorCode != code))
            .Select(code => new ProjectSector { SectorCode = code }));

        project.Agreements.RemoveAll(a => !valid.AgreementIds.Contains(a.AgreementId));
        project.Agreements.AddRange(valid.AgreementIds.Where(id => project.Agreements.All(a => a.AgreementId != id))
            .Select(id => new ProjectAgreement { AgreementId = id }));

        project.Companies.RemoveAll(c => !valid.Companies.Contains((c.OrganisationId, c.Role)));
        project.Companies.AddRange(valid.Companies.Where(v => !project.Companies.Any(c => c.OrganisationId == v.OrganisationId && c.Role == v.Role))
            .Select(v => new ProjectCompany { OrganisationId = v.OrganisationId, Role = v.Role }));

        await ApplySourcesAsync(project, valid.Sources, cancellationToken);
    }

    /// <summary>What the audit trail records for a project: its own fields, with links as codes and ids.</summary>
    public static object Snapshot(Project p) => new
    {
        p.Slug,
        p.Name,
        p.NameZh,
        HostCountry = p.HostCountryIso3,
        p.Status,
        Sectors = p.Sectors.Select(s => s.SectorCode).Order(StringComparer.Ordinal).ToList(),
        AgreementIds = p.Agreements.Select(a => a.AgreementId).Order().ToList(),
        Companies = p.Companies.OrderBy(c => c.OrganisationId).ThenBy(c => c.Role, StringComparer.Ordinal)
            .Select(c => new { c.OrganisationId, c.Role }).ToList(),
        Investment = p.Investment is { } v ? new MoneyDto(v.Amount, v.Currency, v.Usd) : null,
        p.InvestmentNote,
        Capacity = p.CapacityValue is { } value && p.CapacityUnit is { } unit ? new CapacityDto(value, unit) : null,
        p.JobsCreated,
        AnnouncedOn = p.Announced?.ToString(),
        ConstructionStartOn = p.ConstructionStart?.ToString(),
        CompletedOn = p.Completed?.ToString(),
        p.Latitude,
        p.Longitude,
        p.Summary,
        Sources = p.Sources.Select(s => new { SourceId = s.SourceId != 0 ? s.SourceId : s.Source?.Id, s.Note }).OrderBy(s => s.SourceId).ToList(),
        Archived = p.ArchivedAt is not null,
    };

    private async Task ApplySourcesAsync(Project project, IReadOnlyList<SourceInput> sources, CancellationToken cancellationToken)
    {
        var wanted = new List<(long Id, Source? New, string? Note)>();
        foreach (var source in sources)
        {
            var note = InputText.Trimmed(source.Note);
            if (source.SourceId is { } id)
            {
                wanted.Add((id, null, note));
                continue;
            }

            var resolved = await SourceInputs.NewSourceAsync(db, source, cancellationToken);
            wanted.Add(resolved.Id != 0 ? (resolved.Id, null, note) : (0, resolved, note));
        }

        // A new source described twice with the same title and URL is cited once.
        wanted = wanted.Where((w, i) => w.Id == 0 || wanted.FindIndex(x => x.Id == w.Id) == i).ToList();
        project.Sources.RemoveAll(s => !wanted.Any(w => w.Id == s.SourceId && w.Id != 0));
        foreach (var (id, newSource, note) in wanted)
        {
            if (newSource is not null)
            {
                project.Sources.Add(new ProjectSource { Source = newSource, Note = note });
            }
            else if (project.Sources.Find(s => s.SourceId == id) is { } kept)
            {
                kept.Note = note;
            }
            else
            {
                project.Sources.Add(new ProjectSource { SourceId = id, Note = note });
            }
        }
    }

    private static CapacityDto? ValidateCapacity(CapacityInput? input, InputErrors errors)
    {
        if (input is null || (input.Value is null && string.IsNullOrWhiteSpace(input.Unit)))
        {
            return null;
        }

        var valid = true;
        if (input.Value is not { } value)
        {
            errors.Add("capacity.value", "'capacity.value' is required when 'capacity.unit' is given: give both or neither.");
            valid = false;
        }
        else if (value < 0 || value >= MaxCapacity)
        {
            errors.Add("capacity.value", "'capacity.value' must be between 0 and 10^16.");
            valid = false;
        }

        if (string.IsNullOrWhiteSpace(input.Unit))
        {
            errors.Add("capacity.unit", "'capacity.unit' is required when 'capacity.value' is given (Mt/yr, MW, km ...): give both or neither.");
            valid = false;
        }
        else if (errors.Optional("capacity.unit", input.Unit, 40) is null)
        {
            valid = false;
        }

        return valid ? new CapacityDto(input.Value!.Value, input.Unit!.Trim()) : null;
    }

    private static int? ValidateJobs(long? jobs, InputErrors errors)
    {
        if (jobs is < 0 or > MaxJobs)
        {
            errors.Add("jobsCreated", $"'jobsCreated' must be between 0 and {MaxJobs:N0}.");
            return null;
        }

        return (int?)jobs;
    }

    /// <summary>
    /// Each date on its own, then their order. A partial date covers a period, so one is "before" another only when
    /// its whole period ends before the other's begins: a start in "2015" is not before an announcement in "2015-05".
    /// </summary>
    private static (PartialDate? Announced, PartialDate? Started, PartialDate? Completed) ValidateDates(ProjectInput input, InputErrors errors, DateOnly today)
    {
        var announced = errors.Date("announcedOn", input.AnnouncedOn, today);
        var started = errors.Date("constructionStartOn", input.ConstructionStartOn, today);
        var completed = errors.Date("completedOn", input.CompletedOn, today);

        if (started is { } s && announced is { } a && s.End < a.Date)
        {
            errors.Add("constructionStartOn", $"'constructionStartOn' ({s}) is before 'announcedOn' ({a}).");
        }

        if (completed is { } c)
        {
            if (started is { } start && c.End < start.Date)
            {
                errors.Add("completedOn", $"'completedOn' ({c}) is before 'constructionStartOn' ({start}).");
            }
            else if (announced is { } announcement && c.End < announcement.Date)
            {
                errors.Add("completedOn", $"'completedOn' ({c}) is before 'announcedOn' ({announcement}).");
            }
        }

        return (announced, started, completed);
    }

    private static (double Latitude, double Longitude)? ValidateLocation(double? latitude, double? longitude, InputErrors errors)
    {
        if (latitude is null && longitude is null)
        {
            return null;
        }

        var valid = true;
        if (latitude is not { } lat)
        {
            errors.Add("latitude", "'latitude' is required when 'longitude' is given: a location needs both.");
            valid = false;
        }
        else if (!double.IsFinite(lat) || lat is < -90 or > 90)
        {
            errors.Add("latitude", $"'latitude' must be between -90 and 90; got {lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            valid = false;
        }

        if (longitude is not { } lon)
        {
            errors.Add("longitude", "'longitude' is required when 'latitude' is given: a location needs both.");
            valid = false;
        }
        else if (!double.IsFinite(lon) || lon is < -180 or > 180)
        {
            errors.Add("longitude", $"'longitude' must be between -180 and 180; got {lon.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            valid = false;
        }

        return valid ? (latitude!.Value, longitude!.Value) : null;
    }

    /// <summary>
    /// Agreements must exist and not be archived; one already linked to this project may stay even if it has since
    /// been archived, so reading a project and writing it back never fails on a link it already had.
    /// </summary>
    private async Task<IReadOnlyList<long>> ValidateAgreementsAsync(
        IReadOnlyList<long>? agreementIds, long? currentId, InputErrors errors, CancellationToken cancellationToken)
    {
        if (agreementIds is null || agreementIds.Count == 0)
        {
            return [];
        }

        if (agreementIds.Count > MaxLinks)
        {
            errors.Add("agreementIds", $"A project may implement at most {MaxLinks} agreements.");
            return [];
        }

        var ids = agreementIds.ToList();
        var open = await db.Agreements.AsNoTracking().Where(a => ids.Contains(a.Id) && a.ArchivedAt == null).Select(a => a.Id).ToListAsync(cancellationToken);
        var linked = currentId is { } project
            ? await db.ProjectAgreements.AsNoTracking().Where(l => l.ProjectId == project).Select(l => l.AgreementId).ToListAsync(cancellationToken)
            : [];

        var result = new List<long>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!open.Contains(ids[i]) && !linked.Contains(ids[i]))
            {
                errors.Add($"agreementIds[{i}]", $"No agreement with id {ids[i]}.");
            }
            else if (!result.Contains(ids[i]))
            {
                result.Add(ids[i]);
            }
        }

        return result;
    }

    /// <summary>Companies are organisations in a role; an archived organisation may stay where it already was (see agreements above).</summary>
    private async Task<IReadOnlyList<(long OrganisationId, string Role)>> ValidateCompaniesAsync(
        IReadOnlyList<CompanyInput>? companies, long? currentId, InputErrors errors, CancellationToken cancellationToken)
    {
        if (companies is null || companies.Count == 0)
        {
            return [];
        }

        if (companies.Count > MaxLinks)
        {
            errors.Add("companies", $"A project may list at most {MaxLinks} companies.");
            return [];
        }

        var ids = companies.Where(c => c?.OrganisationId is not null).Select(c => c.OrganisationId!.Value).ToList();
        var open = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id) && o.ArchivedAt == null).Select(o => o.Id).ToListAsync(cancellationToken);
        var linked = currentId is { } project
            ? await db.ProjectCompanies.AsNoTracking().Where(c => c.ProjectId == project).Select(c => c.OrganisationId).ToListAsync(cancellationToken)
            : [];

        var result = new List<(long, string)>();
        for (var i = 0; i < companies.Count; i++)
        {
            var company = companies[i];
            var field = $"companies[{i}]";
            if (company is null)
            {
                errors.Add(field, $"'{field}' is empty.");
                continue;
            }

            var role = errors.OneOf($"{field}.role", company.Role, Vocabulary.CompanyRoles);
            if (company.OrganisationId is not { } id)
            {
                errors.Add($"{field}.organisationId", $"'{field}.organisationId' is required: the id of an organisation (see /api/v1/organisations).");
            }
            else if (!open.Contains(id) && !linked.Contains(id))
            {
                errors.Add($"{field}.organisationId", $"No organisation with id {id}.");
            }
            else if (role is not null)
            {
                result.Add((id, role));
            }
        }

        if (result.Distinct().Count() != result.Count)
        {
            errors.Add("companies", "The same organisation is listed twice in the same role.");
        }

        return result;
    }

    private async Task ValidateSlugAsync(string? slug, long? currentId, InputErrors errors, CancellationToken cancellationToken)
    {
        if (errors.Slug("slug", slug) is { } value && await db.Projects.AnyAsync(p => p.Slug == value && p.Id != currentId, cancellationToken))
        {
            errors.Add("slug", $"Another project already has the slug '{value}'.");
        }
    }
}
