using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace CapacityCoop.Web.Features.Agreements;

/// <summary>
/// The one place agreements are filtered, sorted, paged, exported and read by id. The API, the pages and the
/// exports all call it, so a filter means the same thing everywhere.
/// </summary>
public sealed partial class AgreementQuery(PortalDbContext db, ResultCache? cache = null, IServiceScopeFactory? scopes = null)
    : IFacetedQuery<AgreementFilter>
{
    string IFacetedQuery<AgreementFilter>.RecordType => RecordFacet.Agreement;

    PortalDbContext IFacetedQuery<AgreementFilter>.Db => db;

    IQueryable<long> IFacetedQuery<AgreementFilter>.IdsMatching(AgreementFilter rest) => Filtered(rest).Select(a => a.Id);

    /// <summary>The country whose cooperation the portal tracks; a region filter matches the other parties.</summary>
    public const string HomeCountry = "CHN";

    private Task InParallelAsync(CancellationToken cancellationToken, params Func<AgreementQuery, Task>[] queries) =>
        QueryParallelism.RunAsync(this, scopes, cancellationToken, queries);

    public IQueryable<Agreement> Filtered(AgreementFilter filter)
    {
        var query = db.Agreements.AsNoTracking().Where(a => a.ArchivedAt == null);

        if (filter.Countries.Count > 0)
        {
            var partyInCountries = SqlPredicates.EqualsAny<AgreementParty>(p => p.CountryIso3, filter.Countries);
            query = query.Where(a => a.Parties.AsQueryable().Any(partyInCountries));
        }

        if (filter.Regions.Count > 0)
        {
            var regions = filter.Regions;
            query = query.Where(a => a.Parties.Any(p => p.CountryIso3 != HomeCountry && regions.Contains(p.Country!.Region)));
        }

        if (filter.Sectors.Count > 0)
        {
            var inSectors = SqlPredicates.EqualsAny<AgreementSector>(s => s.SectorCode, filter.Sectors);
            query = query.Where(a => a.Sectors.AsQueryable().Any(inSectors));
        }

        if (filter.Kinds.Count > 0)
        {
            var kinds = filter.Kinds;
            query = query.Where(a => kinds.Contains(a.Kind));
        }

        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses;
            query = query.Where(a => statuses.Contains(a.Status));
        }

        if (filter.SignedFrom is { } from)
        {
            query = query.Where(a => a.SignedOn >= from);
        }

        if (filter.SignedTo is { } to)
        {
            query = query.Where(a => a.SignedOn <= to);
        }

        if (filter.MinValueUsd is { } min)
        {
            query = query.Where(a => a.ValueUsd >= min);
        }

        if (filter.MaxValueUsd is { } max)
        {
            query = query.Where(a => a.ValueUsd <= max);
        }

        if (filter.Q is { } q)
        {
            query = query.Where(a => EF.Property<NpgsqlTsVector>(a, FullText.SearchVector)
                .Matches(EF.Functions.WebSearchToTsQuery(FullText.Configuration, q)));
        }

        return query;
    }

    public IQueryable<Agreement> Sorted(IQueryable<Agreement> query, AgreementFilter filter) => (filter.Sort, filter.Q) switch
    {
        ("signedOn", _) => query.OrderBy(a => a.SignedOn == null).ThenBy(a => a.SignedOn).ThenBy(a => a.Id),
        ("valueUsd", _) => query.OrderBy(a => a.ValueUsd == null).ThenBy(a => a.ValueUsd).ThenBy(a => a.Id),
        ("-valueUsd", _) => query.OrderBy(a => a.ValueUsd == null).ThenByDescending(a => a.ValueUsd).ThenBy(a => a.Id),
        ("title", _) => query.OrderBy(a => a.Title).ThenBy(a => a.Id),
        ("-title", _) => query.OrderByDescending(a => a.Title).ThenBy(a => a.Id),
        (null, { } q) => query
            .OrderByDescending(a => EF.Property<NpgsqlTsVector>(a, FullText.SearchVector).Rank(EF.Functions.WebSearchToTsQuery(FullText.Configuration, q)))
            .ThenBy(a => a.Id),
        _ => query.OrderByDescending(a => EF.Property<DateOnly>(a, ListOrder.SignedOnKey)).ThenBy(a => a.Id),
    };

    public Task<PagedResult<AgreementSummaryDto>> PageAsync(AgreementFilter filter, CancellationToken cancellationToken = default) =>
        ResultCache.Through(cache, "agreements-page", filter, PageTags(filter), ct => ComputePageAsync(filter, ct), cancellationToken);

    /// <summary>A page shows agreements and the names of their parties; filtered by country, only those countries' agreements can change it.</summary>
    private static string[] PageTags(AgreementFilter filter) =>
        [.. filter.Countries.Count > 0 ? filter.Countries.Select(CacheTags.AgreementsOf) : [CacheTags.Agreements], CacheTags.Organisations, CacheTags.Reference];

    /// <summary>How many agreements match: from the facet table when it can answer (ADR-010), else from their keys, else (full text ...) counted.</summary>
    public Task<int> CountAsync(AgreementFilter filter, CancellationToken cancellationToken = default) =>
        FacetCounting.CountAsync(this, filter, everyRecordHasOne: "kind", part => Filtered(part).CountAsync(cancellationToken), cancellationToken);

    private async Task<PagedResult<AgreementSummaryDto>> ComputePageAsync(AgreementFilter filter, CancellationToken cancellationToken)
    {
        var total = 0;
        List<SummaryRow> rows = [];
        await InParallelAsync(
            cancellationToken,
            async q => total = await q.CountAsync(filter, cancellationToken),
            async q => rows = await Summaries(q.Sorted(q.Filtered(filter), filter).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize))
                .ToListAsync(cancellationToken));
        return new PagedResult<AgreementSummaryDto>(
            rows.Select(r => r.ToDto()).ToList(), filter.Page, filter.PageSize, total, (int)Math.Ceiling(total / (double)filter.PageSize));
    }

    /// <summary>Every agreement of the filtered set, in order, streamed one at a time (exports).</summary>
    public async IAsyncEnumerable<AgreementSummaryDto> StreamAsync(
        AgreementFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in db.StreamUnbuffered(Summaries(Sorted(Filtered(filter), filter)), cancellationToken))
        {
            yield return row.ToDto();
        }
    }

    public Task<AgreementDetailDto?> DetailAsync(long id, CancellationToken cancellationToken = default) =>
        ResultCache.Through(
            cache, "agreement-detail", id, [CacheTags.Agreements, CacheTags.Projects, CacheTags.Organisations, CacheTags.Sources, CacheTags.Reference],
            ct => ComputeDetailAsync(id, ct), cancellationToken);

    private async Task<AgreementDetailDto?> ComputeDetailAsync(long id, CancellationToken cancellationToken)
    {
        var head = await Summaries(db.Agreements.AsNoTracking().Where(a => a.Id == id)).SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }

        var row = await db.Agreements.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new
            {
                a.Signatories,
                a.ValueNote,
                a.Summary,
                a.EventName,
                Parent = a.ParentAgreement == null ? null : new AgreementRefDto(a.ParentAgreement.Id, a.ParentAgreement.Title),
                Children = a.ChildAgreements.Where(c => c.ArchivedAt == null).OrderBy(c => c.SignedOn).ThenBy(c => c.Id)
                    .Select(c => new AgreementRefDto(c.Id, c.Title)).ToList(),
                Sectors = a.Sectors.OrderBy(s => s.Sector!.SortOrder)
                    .Select(s => new SectorRefDto(s.SectorCode, s.Sector!.NameEn, s.Sector.NameZh)).ToList(),
                Projects = a.Projects.Where(p => p.Project!.ArchivedAt == null).OrderBy(p => p.Project!.Name)
                    .Select(p => new ProjectRefDto(p.ProjectId, p.Project!.Name, p.Project.Status, p.Project.HostCountryIso3)).ToList(),
                Sources = a.Sources.OrderBy(s => s.Source!.PublishedOn).ThenBy(s => s.SourceId)
                    .Select(s => new SourceRow(s.SourceId, s.Source!.Title, s.Source.Publisher, s.Source.PublishedOn, s.Source.PublishedOnPrecision, s.Source.Url, s.Note))
                    .ToList(),
                a.ArchivedAt,
                a.CreatedAt,
                a.UpdatedAt,
            })
            .AsSplitQuery()
            .SingleAsync(cancellationToken);

        var s = head.ToDto();
        return new AgreementDetailDto(
            s.Id, s.Slug, s.Title, s.TitleZh, s.Kind, s.Status, s.SignedOn, s.SignedOnPrecision, s.SignedPlace, row.Signatories,
            s.Value, row.ValueNote, s.CountsTowardTotals, row.Summary, row.EventName, row.Parent, row.Children, s.Parties,
            row.Sectors, row.Projects, row.Sources.Select(x => x.ToDto()).ToList(), row.ArchivedAt is not null, row.ArchivedAt,
            row.CreatedAt, row.UpdatedAt);
    }

    private static IQueryable<SummaryRow> Summaries(IQueryable<Agreement> query) => query.Select(a => new SummaryRow(
        a.Id, a.Slug, a.Title, a.TitleZh, a.Kind, a.Status, a.SignedOn, a.SignedOnPrecision, a.SignedPlace,
        a.ValueAmount, a.ValueCurrency, a.ValueUsd, a.CountsTowardTotals, a.ParentAgreementId,
        a.Parties.OrderBy(p => p.Position).Select(p => new PartyRow(
            p.CountryIso3, p.BlocCode, p.OrganisationId,
            p.Country != null ? p.Country.NameEn : p.Bloc != null ? p.Bloc.NameEn : p.Organisation!.Name,
            p.Country != null ? p.Country.NameZh : p.Bloc != null ? p.Bloc.NameZh : p.Organisation!.NameZh)).ToList(),
        a.Sectors.OrderBy(s => s.SectorCode).Select(s => s.SectorCode).ToList()));

    internal sealed record PartyRow(string? Country, string? Bloc, long? OrganisationId, string Name, string? NameZh)
    {
        public PartyDto ToDto() => Country is not null ? new PartyDto("country", Country, Name, NameZh)
            : Bloc is not null ? new PartyDto("bloc", Bloc, Name, NameZh)
            : new PartyDto("organisation", OrganisationId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Name, NameZh);
    }

    internal sealed record SummaryRow(
        long Id,
        string Slug,
        string Title,
        string? TitleZh,
        string Kind,
        string Status,
        DateOnly? SignedOn,
        DatePrecision? SignedOnPrecision,
        string? SignedPlace,
        decimal? ValueAmount,
        string? ValueCurrency,
        decimal? ValueUsd,
        bool CountsTowardTotals,
        long? ParentAgreementId,
        List<PartyRow> Parties,
        List<string> Sectors)
    {
        public AgreementSummaryDto ToDto() => new(
            Id, Slug, Title, TitleZh, Kind, Status,
            Dates.Text(SignedOn, SignedOnPrecision),
            Dates.PrecisionText(SignedOnPrecision),
            SignedPlace,
            ValueAmount is { } amount && ValueCurrency is { } currency ? new MoneyDto(amount, currency, ValueUsd) : null,
            CountsTowardTotals,
            ParentAgreementId,
            Parties.Select(p => p.ToDto()).ToList(),
            Sectors);
    }
}
