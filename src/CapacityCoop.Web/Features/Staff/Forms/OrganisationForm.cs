using CapacityCoop.Web.Features.Organisations;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>The organisation edit form: <see cref="OrganisationInput"/> as posted text.</summary>
public sealed class OrganisationForm : IRecordForm<OrganisationInput>
{
    public string? Name { get; set; }
    public string? NameZh { get; set; }
    public string? Kind { get; set; }
    public string? Country { get; set; }
    public string? Slug { get; set; }

    public IReadOnlyList<string> RowLists => [];

    public static OrganisationForm From(OrganisationInput input) => new()
    {
        Name = input.Name,
        NameZh = input.NameZh,
        Kind = input.Kind,
        Country = input.Country,
        Slug = input.Slug,
    };

    public FormInput<OrganisationInput> ToInput() => new(
        new OrganisationInput
        {
            Name = CitedSourceRow.Blank(Name),
            NameZh = CitedSourceRow.Blank(NameZh),
            Kind = CitedSourceRow.Blank(Kind),
            Country = CitedSourceRow.Blank(Country),
            Slug = CitedSourceRow.Blank(Slug),
        },
        []);

    public string FieldOf(string editorKey) => FormFieldNames.FromEditorKey(editorKey);

    public void AddRow(string list)
    {
    }

    public void RemoveRow(string list, int index)
    {
    }

    public void DropBlankRows()
    {
    }
}
