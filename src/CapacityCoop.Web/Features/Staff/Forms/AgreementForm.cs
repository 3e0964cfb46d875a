using CapacityCoop.Web.Features.Agreements;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>
/// The agreement edit form: <see cref="AgreementInput"/> as posted text. A party is a country or a bloc (one select,
/// blocs prefixed "bloc:") or an organisation (a picker of its id).
/// </summary>
public sealed class AgreementForm : IRecordForm<AgreementInput>
{
    public const string BlocPrefix = "bloc:";

    public string? Title { get; set; }
    public string? TitleZh { get; set; }
    public string? Kind { get; set; }
    public string? Status { get; set; }
    public List<PartyRow> Parties { get; set; } = [];
    public string? SignedOn { get; set; }
    public string? SignedPlace { get; set; }
    public string? Signatories { get; set; }
    public MoneyFields Value { get; set; } = new();
    public string? ValueNote { get; set; }
    public List<string> Sectors { get; set; } = [];
    public string? Summary { get; set; }
    public string? Event { get; set; }
    public string? ParentAgreementId { get; set; }
    public List<CitedSourceRow> Sources { get; set; } = [];
    public string? Slug { get; set; }

    public IReadOnlyList<string> RowLists => ["parties", "sources"];

    public static AgreementForm From(AgreementInput input) => new()
    {
        Title = input.Title,
        TitleZh = input.TitleZh,
        Kind = input.Kind,
        Status = input.Status,
        Parties = (input.Parties ?? []).Where(p => p is not null).Select(PartyRow.From).ToList(),
        SignedOn = input.SignedOn,
        SignedPlace = input.SignedPlace,
        Signatories = input.Signatories,
        Value = MoneyFields.From(input.Value),
        ValueNote = input.ValueNote,
        Sectors = FormRows.Codes(input.Sectors),
        Summary = input.Summary,
        Event = input.Event,
        ParentAgreementId = FormValues.Text(input.ParentAgreementId),
        Sources = FormRows.Sources(input.Sources),
        Slug = input.Slug,
    };

    public FormInput<AgreementInput> ToInput()
    {
        var errors = new List<FormError>();
        var input = new AgreementInput
        {
            Title = CitedSourceRow.Blank(Title),
            TitleZh = CitedSourceRow.Blank(TitleZh),
            Kind = CitedSourceRow.Blank(Kind),
            Status = CitedSourceRow.Blank(Status),
            Parties = Parties.Select((p, i) => p.ToInput($"Form.Parties[{i}]", errors)).ToList(),
            SignedOn = CitedSourceRow.Blank(SignedOn),
            SignedPlace = CitedSourceRow.Blank(SignedPlace),
            Signatories = CitedSourceRow.Blank(Signatories),
            Value = Value.ToInput("Form.Value", errors),
            ValueNote = CitedSourceRow.Blank(ValueNote),
            Sectors = FormRows.Codes(Sectors),
            Summary = CitedSourceRow.Blank(Summary),
            Event = CitedSourceRow.Blank(Event),
            ParentAgreementId = FormValues.Id(ParentAgreementId, "Form.ParentAgreementId", errors),
            Sources = FormRows.Sources(Sources, errors),
            Slug = CitedSourceRow.Blank(Slug),
        };
        return new FormInput<AgreementInput>(input, errors);
    }

    public string FieldOf(string editorKey)
    {
        if (FormFieldNames.IndexIn(editorKey, "parties") is { } party && (editorKey.EndsWith(".country", StringComparison.Ordinal) || editorKey.EndsWith(".bloc", StringComparison.Ordinal)))
        {
            return $"Form.Parties[{party}].Party";
        }

        // Sectors are one group of checkboxes: an unknown code is reported on the group.
        return FormFieldNames.IndexIn(editorKey, "sectors") is not null ? "Form.Sectors" : FormFieldNames.FromEditorKey(editorKey);
    }

    public void AddRow(string list)
    {
        switch (list)
        {
            case "parties":
                Parties.Add(new PartyRow());
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
            case "parties":
                FormRows.RemoveAt(Parties, index);
                break;
            case "sources":
                FormRows.RemoveAt(Sources, index);
                break;
        }
    }

    public void DropBlankRows()
    {
        Parties.RemoveAll(p => p.IsBlank);
        Sources.RemoveAll(s => s.IsBlank);
    }
}

/// <summary>One party: <see cref="Party"/> is a country's ISO3 code or "bloc:" and a bloc code; or an organisation id.</summary>
public sealed class PartyRow
{
    public string? Party { get; set; }
    public string? OrganisationId { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Party) && string.IsNullOrWhiteSpace(OrganisationId);

    public static PartyRow From(PartyInput party) => new()
    {
        Party = party.Country ?? (party.Bloc is { } bloc ? AgreementForm.BlocPrefix + bloc : null),
        OrganisationId = FormValues.Text(party.OrganisationId),
    };

    public PartyInput ToInput(string prefix, List<FormError> errors)
    {
        var party = CitedSourceRow.Blank(Party)?.Trim();
        var isBloc = party?.StartsWith(AgreementForm.BlocPrefix, StringComparison.OrdinalIgnoreCase) == true;
        return new PartyInput(
            isBloc ? null : party,
            isBloc ? party![AgreementForm.BlocPrefix.Length..] : null,
            FormValues.Id(OrganisationId, $"{prefix}.OrganisationId", errors));
    }
}
