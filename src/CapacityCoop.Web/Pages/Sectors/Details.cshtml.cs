using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Sectors;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Sectors;

/// <summary>
/// One sector's profile: its figures, value by year, top partner countries and latest agreements. Figures come from
/// <see cref="SectorQuery"/> (as GET /api/v1/sectors/{code} does), the agreement list from <see cref="AgreementQuery"/>
/// (as /agreements?sector= does). An unknown code is a 404 page.
/// </summary>
public sealed class DetailsModel(SectorQuery sectors, AgreementQuery agreements) : PageModel
{
    public const int LatestCount = 10;

    public string RequestedCode { get; private set; } = "";

    public SectorDetailDto? Sector { get; private set; }

    public PagedResult<AgreementSummaryDto> Latest { get; private set; } = new([], 1, LatestCount, 0, 0);

    public async Task OnGetAsync(string code, CancellationToken cancellationToken)
    {
        RequestedCode = code;
        Sector = await sectors.DetailAsync(code, cancellationToken);
        if (Sector is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Latest = await agreements.PageAsync(new AgreementFilter { Sectors = [Sector.Code], PageSize = LatestCount }, cancellationToken);
    }

    public string AgreementsUrl => $"/agreements?sector={Sector!.Code}";

    public string ExportUrl(string format) => $"/api/v1/agreements?sector={Sector!.Code}&format={format}";
}
