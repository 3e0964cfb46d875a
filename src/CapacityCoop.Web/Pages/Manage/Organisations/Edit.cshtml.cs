using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Organisations;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Features.Staff.Forms;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Organisations;

[Authorize(Policy = AuthPolicies.StaffEditor)]
public sealed class EditModel(
    DraftWorkflow workflow, PortalDbContext db, ReferenceData referenceData, IStringLocalizer<SharedResource> localizer, TimeProvider clock)
    : RecordEditPageModel<OrganisationForm, OrganisationInput>(workflow, db, referenceData, localizer)
{
    public override string EntityType => OrganisationEditor.EntityType;

    public override string EditPath => "/Manage/Organisations/Edit";

    /// <summary>Organisations have no public page of their own.</summary>
    public override string? PublicUrl(long id) => null;

    protected override IEnumerable<(string Type, string? Value)> PickerValues() => [];

    protected override OrganisationForm FromInput(OrganisationInput input) => OrganisationForm.From(input);

    protected override async Task<bool> SetArchivedAsync(long id, bool archived, Actor actor, CancellationToken cancellationToken)
    {
        var organisation = await Db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
        {
            return false;
        }

        await AuditedWrites.SetArchivedAsync(Db, organisation, id, archived, OrganisationEditor.EntityType, OrganisationEditor.Snapshot, actor, clock, cancellationToken);
        return true;
    }
}
