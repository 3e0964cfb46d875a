using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Features.Staff.Forms;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Agreements;

[Authorize(Policy = AuthPolicies.StaffEditor)]
public sealed class EditModel(
    DraftWorkflow workflow, PortalDbContext db, ReferenceData referenceData, IStringLocalizer<SharedResource> localizer)
    : RecordEditPageModel<AgreementForm, AgreementInput>(workflow, db, referenceData, localizer)
{
    public override string EntityType => AgreementEditor.EntityType;

    public override string EditPath => "/Manage/Agreements/Edit";

    public override string? PublicUrl(long id) => $"/agreements/{id}";

    protected override IEnumerable<(string Type, string? Value)> PickerValues() =>
        Form.Parties.Select(p => (RecordLookup.Organisation, p.OrganisationId))
            .Append((RecordLookup.Organisation, null))
            .Append((RecordLookup.Umbrella, Form.ParentAgreementId));

    protected override IEnumerable<string?> CitedSourceIds() => Form.Sources.Select(s => s.SourceId);

    protected override AgreementForm FromInput(AgreementInput input) => AgreementForm.From(input);
}
