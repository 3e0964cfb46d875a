namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>What <c>_FormField.cshtml</c> draws: a labelled input or text area with its hint and its messages.</summary>
public sealed record FormFieldView(
    string Name,
    string Label,
    string? Value,
    IReadOnlyList<string> Errors,
    string? Hint = null,
    string Type = "text",
    bool Multiline = false,
    bool Required = false,
    string? DataList = null,
    string? InputMode = null,
    string? Autocomplete = null,
    string? CssClass = null);

public sealed record FormOption(string Value, string Label);

/// <summary>Options under one heading (an optgroup), or without one when <see cref="Label"/> is null.</summary>
public sealed record FormOptionGroup(string? Label, IReadOnlyList<FormOption> Options);

/// <summary>
/// What <c>_FormSelect.cshtml</c> draws: a labelled select. <see cref="Filterable"/> lets the script add a box that
/// filters the options as one types (countries and blocs); without the script it is a plain select.
/// </summary>
public sealed record FormSelectView(
    string Name,
    string Label,
    string? Value,
    IReadOnlyList<FormOptionGroup> Groups,
    IReadOnlyList<string> Errors,
    string? Hint = null,
    string? EmptyLabel = null,
    bool Filterable = false,
    bool Required = false);

/// <summary>
/// What <c>_RecordPicker.cshtml</c> draws for a choice among many records: a select of <see cref="Options"/> when there
/// are few; otherwise a text box for the id with a Find button (and, after Find, a select of <see cref="Matches"/>);
/// the script turns the text box into a typeahead fed by /Manage/Lookup.
/// </summary>
public sealed record RecordPickerView(
    string Name,
    string Label,
    string? Value,
    string LookupType,
    IReadOnlyList<LookupItem>? Options,
    IReadOnlyList<LookupItem>? Matches,
    string? FindText,
    string? CurrentLabel,
    IReadOnlyList<string> Errors,
    string? Hint = null);

/// <summary>Messages about a group of fields (a fieldset) or a row, shown at its top.</summary>
public sealed record FormGroupErrorsView(string Name, IReadOnlyList<string> Errors);

/// <summary>What <c>_SourcesFormGroup.cshtml</c> draws: the repeatable group of cited sources.</summary>
public sealed record SourcesGroupView(RecordEditPageModel Page, IReadOnlyList<CitedSourceRow> Rows);

/// <summary>What <c>_MoneyFormFields.cshtml</c> draws: amount, currency and US-dollar figure under one legend.</summary>
public sealed record MoneyFormView(RecordEditPageModel Page, string Prefix, string Legend, MoneyFields Money);

/// <summary>What <c>_StaffListForm.cshtml</c> draws for one record type: the texts and columns that differ between the lists.</summary>
public sealed record StaffListView(
    StaffListPageModel Page,
    string SearchLabel,
    string CountText,
    string NewLabel,
    string EditPath,
    string? PublicPath,
    string NameHeading,
    string CodeHeading,
    string CodeLabelPrefix,
    string ExtraHeading,
    Func<StaffListRow, string?> ExtraOf);
