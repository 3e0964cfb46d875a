using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff.Forms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Agreements;

public sealed class IndexModel(PortalDbContext db, IAuthorizationService authorization, IStringLocalizer<SharedResource> localizer)
    : StaffListPageModel(db, authorization, localizer)
{
    public override string ListPath => "/Manage/Agreements";

    protected override Task<PagedResult<StaffListRow>> LoadAsync(StaffRecordLists lists, string? q, int page, CancellationToken cancellationToken) =>
        lists.AgreementsAsync(q, page, cancellationToken);
}
