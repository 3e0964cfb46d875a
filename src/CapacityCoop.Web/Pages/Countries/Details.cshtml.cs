using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Countries;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Countries;

/// <summary>
/// One country's profile: its figures, charts by year and sector, partners, latest agreements and projects. Every
/// figure comes from <see cref="CountryQuery"/> (as GET /api/v1/countries/{iso3} does), the agreement list from
/// <see cref="AgreementQuery"/> (as /agreements?country= does). An unknown code is a 404 page.
/// </summary>
public sealed class DetailsModel(CountryQuery countries, ReferenceData referenceData, IServiceScopeFactory scopes) : PageModel
{
    public const int LatestCount = 10;

    public string RequestedCode { get; private set; } = "";

    public CountryDetailDto? Country { get; private set; }

    public IReadOnlyList<YearValueDto> Years { get; private set; } = [];

    public PagedResult<AgreementSummaryDto> Latest { get; private set; } = new([], 1, LatestCount, 0, 0);

    public IReadOnlyList<CountryProjectDto> Projects { get; private set; } = [];

    public IReadOnlyList<ReferenceData.BlocRef> Blocs { get; private set; } = [];

    public ReferenceData.Snapshot Reference { get; private set; } = null!;

    public async Task OnGetAsync(string iso3, CancellationToken cancellationToken)
    {
        RequestedCode = iso3;
        Reference = await referenceData.GetAsync(cancellationToken);
        Country = await countries.DetailAsync(iso3, cancellationToken);
        if (Country is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Blocs = Country.Blocs.Select(code => Reference.Blocs.TryGetValue(code, out var bloc) ? bloc : new ReferenceData.BlocRef(code, code, code)).ToList();

        // Independent reads, each on a connection of its own, at the same time.
        var iso3Code = Country.Iso3;
        var years = InOwnScopeAsync(sp => sp.GetRequiredService<CountryQuery>().ValueByYearAsync(iso3Code, cancellationToken));
        var latest = InOwnScopeAsync(sp => sp.GetRequiredService<AgreementQuery>()
            .PageAsync(new AgreementFilter { Countries = [iso3Code], PageSize = LatestCount }, cancellationToken));
        var projects = Country.ProjectCount == 0
            ? Task.FromResult<IReadOnlyList<CountryProjectDto>>([])
            : InOwnScopeAsync(sp => sp.GetRequiredService<CountryQuery>().ProjectsAsync(iso3Code, cancellationToken: cancellationToken));
        Years = await years ?? [];
        Latest = await latest;
        Projects = await projects;
    }

    private async Task<T> InOwnScopeAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider);
    }

    public string AgreementsUrl => $"/agreements?country={Country!.Iso3}";

    public string ExportUrl(string format) => $"/api/v1/agreements?country={Country!.Iso3}&format={format}";

    public string SectorName(string code) =>
        Reference.Sectors.TryGetValue(code, out var s) ? Infrastructure.Localization.PortalLocalization.Pick(s.NameEn, s.NameZh) : code;
}
