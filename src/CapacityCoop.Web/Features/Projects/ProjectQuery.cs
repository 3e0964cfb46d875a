using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace CapacityCoop.Web.Features.Projects;

/// <summary>
/// The one place projects are filtered, sorted, paged, exported and read by id. The API, the pages and the
/// exports all call it, so a filter means the same thing everywhere.
/// </summary>
public sealed partial class ProjectQuery(PortalDbContext db, ResultCache? cache = null, IServiceScopeFactory? scopes = null)
    : IFacetedQuery<ProjectFilter>
{
    string IFacetedQuery<ProjectFilter>.RecordType => RecordFacet.Project;

    PortalDbContext IFacetedQuery<ProjectFilter>.Db => db;

    IQueryable<long> IFacetedQuery<ProjectFilter>.IdsMatching(ProjectFilter rest) => Filtered(rest).Select(p => p.Id);

    /// <summary>An <c>agreementId</c> that names no agreement is a 400, like any other unknown filter value.</summary>
    public async Task CheckAgreementIdsAsync(ProjectFilter filter, QueryParameters query, CancellationToken cancellationToken = default)
    {
        if (filter.AgreementIds.Count == 0)
        {
            return;
        }

        var ids = filter.AgreementIds;
        var known = await db.Agreements.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in ids.Except(known))
        {
            query.AddError("agreementId", $"No agreement with id {id}.");
        }
    }

    public IQueryable<Project> Filtered(ProjectFilter filter)
    {
        var query = db.Projects.AsNoTracking().Where(p => p.ArchivedAt == null);

        if (filter.Countries.Count > 0)
        {
            query = query.Where(SqlPredicates.EqualsAny<Project>(p => p.HostCountryIso3, filter.Countries));
        }

        if (filter.Sectors.Count > 0)
        {
            var inSectors = SqlPredicates.EqualsAny<ProjectSector>(s => s.SectorCode, filter.Sectors);
            query = query.Where(p => p.Sectors.AsQueryable().Any(inSectors));
        }

        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses;
            query = query.Where(p => statuses.Contains(p.Status));
        }

        if (filter.AgreementIds.Count > 0)
        {
            var agreementIds = filter.AgreementIds;
            query = query.Where(p => p.Agreements.Any(a => agreementIds.Contains(a.AgreementId)));
        }

        if (filter.StartedFrom is { } from)
        {
            query = query.Where(p => p.ConstructionStartOn >= from);
        }

        if (filter.StartedTo is { } to)
        {
            query = query.Where(p => p.ConstructionStartOn <= to);
        }

        if (filter.Q is { } q)
        {
            query = query.Where(p => EF.Property<NpgsqlTsVector>(p, FullText.SearchVector)
                .Matches(EF.Functions.WebSearchToTsQuery(FullText.Configuration, q)));
        }

        return query;
    }

    public IQueryable<Project> Sorted(IQueryable<Project> query, ProjectFilter filter) => (filter.Sort, filter.Q) switch
    {
        ("startedOn", _) => query.OrderBy(p => p.ConstructionStartOn == null).ThenBy(p => p.ConstructionStartOn).ThenBy(p => p.Id),
        ("investmentUsd", _) => query.OrderBy(p => p.InvestmentUsd == null).ThenBy(p => p.InvestmentUsd).ThenBy(p => p.Id),
        ("-investmentUsd", _) => query.OrderBy(p => p.InvestmentUsd == null).ThenByDescending(p => p.InvestmentUsd).ThenBy(p => p.Id),
        ("name", _) => query.OrderBy(p => p.Name).ThenBy(p => p.Id),
        ("-name", _) => query.OrderByDescending(p => p.Name).ThenBy(p => p.Id),
        (null, { } q) => query
            .OrderByDescending(p => EF.Property<NpgsqlTsVector>(p, FullText.SearchVector).Rank(EF.Functions.WebSearchToTsQuery(FullText.Configuration, q)))
            .ThenBy(p => p.Id),
        _ => query.OrderByDescending(p => EF.Property<DateOnly>(p, ListOrder.ConstructionStartOnKey)).ThenBy(p => p.Id),
    };

    public Task<PagedResult<ProjectSummaryDto>> PageAsync(ProjectFilter filter, CancellationToken cancellationToken = default) =>
        ResultCache.Through(cache, "projects-page", filter, PageTags(filter), ct => ComputePageAsync(filter, ct), cancellationToken);

    /// <summary>A page shows projects and their host countries' names; filtered by host country, only those countries' projects can change it.</summary>
    private static string[] PageTags(ProjectFilter filter) =>
        [.. filter.Countries.Count > 0 ? filter.Countries.Select(CacheTags.ProjectsOf) : [CacheTags.Projects], CacheTags.Reference];

    /// <summary>How many projects match: from the facet table when it can answer (ADR-010), else from their keys, else (full text ...) counted.</summary>
    public Task<int> CountAsync(ProjectFilter filter, CancellationToken cancellationToken = default) =>
        FacetCounting.CountAsync(this, filter, everyRecordHasOne: "status", part => Filtered(part).CountAsync(cancellationToken), cancellationToken);

    private async Task<PagedResult<ProjectSummaryDto>> ComputePageAsync(ProjectFilter filter, CancellationToken cancellationToken)
    {
        var total = 0;
        List<SummaryRow> rows = [];
        await QueryParallelism.RunAsync(
            this,
            scopes,
            cancellationToken,
            async q => total = await q.CountAsync(filter, cancellationToken),
            async q => rows = await Summaries(q.Sorted(q.Filtered(filter), filter).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize))
                .ToListAsync(cancellationToken));
        return new PagedResult<ProjectSummaryDto>(
            rows.Select(r => r.ToDto()).ToList(), filter.Page, filter.PageSize, total, (int)Math.Ceiling(total / (double)filter.PageSize));
    }

    /// <summary>Every project of the filtered set, in order, streamed one at a time (exports).</summary>
    public async IAsyncEnumerable<ProjectSummaryDto> StreamAsync(
        ProjectFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in db.StreamUnbuffered(Summaries(Sorted(Filtered(filter), filter)), cancellationToken))
        {
            yield return row.ToDto();
        }
    }

    /// <summary>The projects of the filtered set that have a location, in order, streamed one at a time (GeoJSON export).</summary>
    public async IAsyncEnumerable<ProjectSummaryDto> StreamLocatedAsync(
        ProjectFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var located = Filtered(filter).Where(p => p.Latitude != null && p.Longitude != null);
        await foreach (var row in db.StreamUnbuffered(Summaries(Sorted(located, filter)), cancellationToken))
        {
            yield return row.ToDto();
        }
    }

    public Task<ProjectDetailDto?> DetailAsync(long id, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "project-detail", id, [CacheTags.Projects, CacheTags.Agreements, CacheTags.Organisations, CacheTags.Sources, CacheTags.Reference],
            ct => ComputeDetailAsync(id, ct), cancellationToken);

    private async Task<ProjectDetailDto?> ComputeDetailAsync(long id, CancellationToken cancellationToken)
    {
        var head = await Summaries(db.Projects.AsNoTracking().Where(p => p.Id == id)).SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }

        var row = await db.Projects.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new
            {
                p.Summary,
                p.InvestmentNote,
                Agreements = p.Agreements.OrderBy(a => a.AgreementId)
                    .Select(a => new AgreementRefDto(a.AgreementId, a.Agreement!.Title)).ToList(),
                Companies = p.Companies.OrderBy(c => c.Organisation!.Name).ThenBy(c => c.OrganisationId).ThenBy(c => c.Role)
                    .Select(c => new ProjectCompanyDto(c.OrganisationId, c.Organisation!.Name, c.Organisation.CountryIso3, c.Role)).ToList(),
                Sources = p.Sources.OrderBy(s => s.Source!.PublishedOn).ThenBy(s => s.SourceId)
                    .Select(s => new SourceRow(s.SourceId, s.Source!.Title, s.Source.Publisher, s.Source.PublishedOn, s.Source.PublishedOnPrecision, s.Source.Url, s.Note))
                    .ToList(),
                p.ArchivedAt,
                p.CreatedAt,
                p.UpdatedAt,
            })
            .AsSplitQuery()
            .SingleAsync(cancellationToken);

        var s = head.ToDto();
        return new ProjectDetailDto(
            s.Id, s.Slug, s.Name, s.NameZh, s.HostCountry, s.Status, s.Sectors, s.Investment, s.Capacity, s.JobsCreated,
            s.AnnouncedOn, s.AnnouncedOnPrecision, s.ConstructionStartOn, s.ConstructionStartOnPrecision, s.CompletedOn, s.CompletedOnPrecision,
            s.Latitude, s.Longitude, s.AgreementIds, row.Summary, row.InvestmentNote, row.Agreements, row.Companies,
            row.Sources.Select(x => x.ToDto()).ToList(), row.ArchivedAt is not null, row.ArchivedAt, row.CreatedAt, row.UpdatedAt);
    }

    private static IQueryable<SummaryRow> Summaries(IQueryable<Project> query) => query.Select(p => new SummaryRow(
        p.Id, p.Slug, p.Name, p.NameZh, p.HostCountryIso3, p.HostCountry!.NameEn, p.HostCountry.NameZh, p.Status,
        p.Sectors.OrderBy(s => s.SectorCode).Select(s => s.SectorCode).ToList(),
        p.InvestmentAmount, p.InvestmentCurrency, p.InvestmentUsd, p.CapacityValue, p.CapacityUnit, p.JobsCreated,
        p.AnnouncedOn, p.AnnouncedOnPrecision, p.ConstructionStartOn, p.ConstructionStartOnPrecision, p.CompletedOn, p.CompletedOnPrecision,
        p.Latitude, p.Longitude,
        p.Agreements.OrderBy(a => a.AgreementId).Select(a => a.AgreementId).ToList()));

    internal sealed record SummaryRow(
        long Id,
        string Slug,
        string Name,
        string? NameZh,
        string HostCountry,
        string HostCountryNameEn,
        string HostCountryNameZh,
        string Status,
        List<string> Sectors,
        decimal? InvestmentAmount,
        string? InvestmentCurrency,
        decimal? InvestmentUsd,
        decimal? CapacityValue,
        string? CapacityUnit,
        int? JobsCreated,
        DateOnly? AnnouncedOn,
        DatePrecision? AnnouncedOnPrecision,
        DateOnly? ConstructionStartOn,
        DatePrecision? ConstructionStartOnPrecision,
        DateOnly? CompletedOn,
        DatePrecision? CompletedOnPrecision,
        double? Latitude,
        double? Longitude,
        List<long> AgreementIds)
    {
        public ProjectSummaryDto ToDto() => new(
            Id, Slug, Name, NameZh,
            new CountryRefDto(HostCountry, HostCountryNameEn, HostCountryNameZh),
            Status,
            Sectors,
            InvestmentAmount is { } amount && InvestmentCurrency is { } currency ? new MoneyDto(amount, currency, InvestmentUsd) : null,
            CapacityValue is { } value && CapacityUnit is { } unit ? new CapacityDto(WithoutTrailingZeros(value), unit) : null,
            JobsCreated,
            Dates.Text(AnnouncedOn, AnnouncedOnPrecision),
            Dates.PrecisionText(AnnouncedOnPrecision),
            Dates.Text(ConstructionStartOn, ConstructionStartOnPrecision),
            Dates.PrecisionText(ConstructionStartOnPrecision),
            Dates.Text(CompletedOn, CompletedOnPrecision),
            Dates.PrecisionText(CompletedOnPrecision),
            Latitude,
            Longitude,
            AgreementIds);

        /// <summary>The column keeps four decimals; 3.5 Mt/yr reads better than 3.5000.</summary>
        private static decimal WithoutTrailingZeros(decimal value) => value / 1.000000000000000000000000000000000m;
    }
}
