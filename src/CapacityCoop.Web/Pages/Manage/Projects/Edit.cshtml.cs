using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using CapacityCoop.Web.Features.Staff;
using CapacityCoop.Web.Features.Staff.Forms;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Manage.Projects;

[Authorize(Policy = AuthPolicies.StaffEditor)]
public sealed class EditModel(
    DraftWorkflow workflow, PortalDbContext db, ReferenceData referenceData, IStringLocalizer<SharedResource> localizer)
    : RecordEditPageModel<ProjectForm, ProjectInput>(workflow, db, referenceData, localizer)
{
    public override string EntityType => ProjectEditor.EntityType;

    public override string EditPath => "/Manage/Projects/Edit";

    public override string? PublicUrl(long id) => $"/projects/{id}";

    protected override IEnumerable<(string Type, string? Value)> PickerValues() =>
        Form.Companies.Select(c => (RecordLookup.Organisation, c.OrganisationId))
            .Append((RecordLookup.Organisation, null))
            .Concat(Form.AgreementIds.Select(id => (RecordLookup.Agreement, id)))
            .Append((RecordLookup.Agreement, null));

    protected override IEnumerable<string?> CitedSourceIds() => Form.Sources.Select(s => s.SourceId);

    protected override ProjectForm FromInput(ProjectInput input) => ProjectForm.From(input);
}
