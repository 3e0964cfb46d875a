using CapacityCoop.Web.Features.Projects;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>The project edit form: <see cref="ProjectInput"/> as posted text.</summary>
public sealed class ProjectForm : IRecordForm<ProjectInput>
{
    public string? Name { get; set; }
    public string? NameZh { get; set; }
    public string? HostCountry { get; set; }
    public string? Status { get; set; }
    public List<string> Sectors { get; set; } = [];
    public List<string?> AgreementIds { get; set; } = [];
    public List<CompanyRow> Companies { get; set; } = [];
    public MoneyFields Investment { get; set; } = new();
    public string? InvestmentNote { get; set; }
    public CapacityFields Capacity { get; set; } = new();
    public string? JobsCreated { get; set; }
    public string? AnnouncedOn { get; set; }
    public string? ConstructionStartOn { get; set; }
    public string? CompletedOn { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public string? Summary { get; set; }
    public List<CitedSourceRow> Sources { get; set; } = [];
    public string? Slug { get; set; }

    public IReadOnlyList<string> RowLists => ["agreements", "companies", "sources"];

    public static ProjectForm From(ProjectInput input) => new()
    {
        Name = input.Name,
        NameZh = input.NameZh,
        HostCountry = input.HostCountry,
        Status = input.Status,
        Sectors = FormRows.Codes(input.Sectors),
        AgreementIds = (input.AgreementIds ?? []).Select(id => FormValues.Text(id)).ToList(),
        Companies = (input.Companies ?? []).Where(c => c is not null).Select(CompanyRow.From).ToList(),
        Investment = MoneyFields.From(input.Investment),
        InvestmentNote = input.InvestmentNote,
        Capacity = new CapacityFields { Value = FormValues.Text(input.Capacity?.Value), Unit = input.Capacity?.Unit },
        JobsCreated = FormValues.Text(input.JobsCreated),
        AnnouncedOn = input.AnnouncedOn,
        ConstructionStartOn = input.ConstructionStartOn,
        CompletedOn = input.CompletedOn,
        Latitude = FormValues.Text(input.Latitude),
        Longitude = FormValues.Text(input.Longitude),
        Summary = input.Summary,
        Sources = FormRows.Sources(input.Sources),
        Slug = input.Slug,
    };

    public FormInput<ProjectInput> ToInput()
    {
        var errors = new List<FormError>();
        var agreementIds = new List<long>();
        for (var i = 0; i < AgreementIds.Count; i++)
        {
            if (FormValues.Id(AgreementIds[i], $"Form.AgreementIds[{i}]", errors) is { } id)
            {
                agreementIds.Add(id);
            }
        }

        var input = new ProjectInput
        {
            Name = CitedSourceRow.Blank(Name),
            NameZh = CitedSourceRow.Blank(NameZh),
            HostCountry = CitedSourceRow.Blank(HostCountry),
            Status = CitedSourceRow.Blank(Status),
            Sectors = FormRows.Codes(Sectors),
            AgreementIds = agreementIds,
            Companies = Companies.Select((c, i) => c.ToInput($"Form.Companies[{i}]", errors)).ToList(),
            Investment = Investment.ToInput("Form.Investment", errors),
            InvestmentNote = CitedSourceRow.Blank(InvestmentNote),
            Capacity = string.IsNullOrWhiteSpace(Capacity.Value) && string.IsNullOrWhiteSpace(Capacity.Unit)
                ? null
                : new CapacityInput(FormValues.Decimal(Capacity.Value, "Form.Capacity.Value", errors), CitedSourceRow.Blank(Capacity.Unit)),
            JobsCreated = FormValues.Long(JobsCreated, "Form.JobsCreated", errors),
            AnnouncedOn = CitedSourceRow.Blank(AnnouncedOn),
            ConstructionStartOn = CitedSourceRow.Blank(ConstructionStartOn),
            CompletedOn = CitedSourceRow.Blank(CompletedOn),
            Latitude = FormValues.Double(Latitude, "Form.Latitude", errors),
            Longitude = FormValues.Double(Longitude, "Form.Longitude", errors),
            Summary = CitedSourceRow.Blank(Summary),
            Sources = FormRows.Sources(Sources, errors),
            Slug = CitedSourceRow.Blank(Slug),
        };
        return new FormInput<ProjectInput>(input, errors);
    }

    public string FieldOf(string editorKey) =>
        FormFieldNames.IndexIn(editorKey, "sectors") is not null ? "Form.Sectors" : FormFieldNames.FromEditorKey(editorKey);

    public void AddRow(string list)
    {
        switch (list)
        {
            case "agreements":
                AgreementIds.Add(null);
                break;
            case "companies":
                Companies.Add(new CompanyRow());
                break;
            case "sources":
                Sources.Add(new CitedSourceRow());
                break;
        }
    }

    public void RemoveRow(string list, int index)
    {
        switch (list)
        {
            case "agreements":
                FormRows.RemoveAt(AgreementIds, index);
                break;
            case "companies":
                FormRows.RemoveAt(Companies, index);
                break;
            case "sources":
                FormRows.RemoveAt(Sources, index);
                break;
        }
    }

    public void DropBlankRows()
    {
        AgreementIds.RemoveAll(string.IsNullOrWhiteSpace);
        Companies.RemoveAll(c => c.IsBlank);
        Sources.RemoveAll(s => s.IsBlank);
    }
}

/// <summary>An organisation involved in the project and its role there.</summary>
public sealed class CompanyRow
{
    public string? OrganisationId { get; set; }
    public string? Role { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(OrganisationId) && string.IsNullOrWhiteSpace(Role);

    public static CompanyRow From(CompanyInput company) => new() { OrganisationId = FormValues.Text(company.OrganisationId), Role = company.Role };

    public CompanyInput ToInput(string prefix, List<FormError> errors) =>
        new(FormValues.Id(OrganisationId, $"{prefix}.OrganisationId", errors), CitedSourceRow.Blank(Role));
}

/// <summary>A capacity: value and unit.</summary>
public sealed class CapacityFields
{
    public string? Value { get; set; }
    public string? Unit { get; set; }
}
