using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Organisations;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Features.Staff.Forms;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Organisations;

[Authorize(Policy = AuthPolicies.StaffEditor)]
public sealed class EditModel(
    DraftWorkflow workflow, PortalDbContext db, ReferenceData referenceData, IStringLocalizer<SharedResource> localizer)
    : RecordEditPageModel<OrganisationForm, OrganisationInput>(workflow, db, referenceData, localizer)
{
    public override string EntityType => OrganisationEditor.EntityType;

    public override string EditPath => "/Manage/Organisations/Edit";

    /// <summary>Organisations have no public page of their own.</summary>
    public override string? PublicUrl(long id) => null;

    protected override IEnumerable<(string Type, string? Value)> PickerValues() => [];

    protected override OrganisationForm FromInput(OrganisationInput input) => OrganisationForm.From(input);
}
