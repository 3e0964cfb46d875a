using System.Globalization;
using System.Text.Json;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure.Localization;
using CapacityCoop.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>
/// What every staff edit page shows beside its own fields: where the form started from (record, draft, token), the
/// messages, the conflict and duplicate warnings, and the pickers. The record-specific part is
/// <see cref="RecordEditPageModel{TForm, TInput}"/>.
/// </summary>
public abstract class RecordEditPageModel(DraftWorkflow workflow, PortalDbContext db, ReferenceData referenceData, IStringLocalizer<SharedResource> localizer)
    : PageModel
{
    private readonly Dictionary<string, IReadOnlyList<LookupItem>?> optionsByType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<long, string>> labelsByType = new(StringComparer.Ordinal);
    private IReadOnlyList<LookupItem>? findMatches;

    protected DraftWorkflow Workflow => workflow;

    protected PortalDbContext Db => db;

    protected RecordLookup Lookup { get; } = new(db);

    public abstract string EntityType { get; }

    /// <summary>The page's own path, such as "/Manage/Agreements/Edit".</summary>
    public abstract string EditPath { get; }

    /// <summary>The public page of a published record, or null where the type has none.</summary>
    public abstract string? PublicUrl(long id);

    /// <summary>The lookup types (<see cref="RecordLookup.Types"/>) of this form's pickers, with the values they hold now.</summary>
    protected abstract IEnumerable<(string Type, string? Value)> PickerValues();

    /// <summary>The existing sources this form cites by id, to show their titles.</summary>
    protected virtual IEnumerable<string?> CitedSourceIds() => [];

    /// <summary>The published record edited (?id=); null for a new one.</summary>
    [BindProperty(SupportsGet = true, Name = "id")]
    public long? EntityId { get; set; }

    /// <summary>A new record's draft being continued (?draft=).</summary>
    [BindProperty(SupportsGet = true, Name = "draft")]
    public long? DraftId { get; set; }

    /// <summary>Names the state the form was loaded from (<see cref="DraftWorkflow.Token"/>): a save from any other is a conflict.</summary>
    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public bool ConfirmedNotDuplicate { get; set; }

    /// <summary>The picker whose matches are shown (after Find without JavaScript), and the text searched.</summary>
    [BindProperty]
    public string? FindField { get; set; }

    [BindProperty]
    public string? FindText { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public EditState? State { get; protected set; }

    public FormErrorSet Errors { get; } = new();

    /// <summary>Set when a save was refused because someone saved in between: the user's version against the stored one.</summary>
    public ComparisonView? ConflictComparison { get; protected set; }

    /// <summary>Set when the published record changed after the open draft was started: the draft against the record.</summary>
    public ComparisonView? DraftComparison { get; private set; }

    public IReadOnlyList<DuplicateCandidate>? Duplicates { get; protected set; }

    public ReferenceData.Snapshot Reference { get; private set; } = null!;

    public IReadOnlyDictionary<long, string> SourceTitles { get; private set; } = new Dictionary<long, string>();

    public bool IsNew => EntityId is null;

    public bool IsArchived => State?.Record?.Archived == true;

    public Draft? OpenDraft => State?.Draft;

    /// <summary>This form's address: the record, the new record's draft, or a blank new record.</summary>
    public string PageUrl =>
        EntityId is { } id ? $"{EditPath}?id={id}" : DraftId is { } draft ? $"{EditPath}?draft={draft}" : EditPath;

    /// <summary>The editor's draft id passed to the workflow: only a new record's draft is named; a record finds its own.</summary>
    protected long? DraftParameter => EntityId is null ? DraftId : null;

    public string Localize(string text) => localizer[text].Value;

    public IReadOnlyList<string> ErrorsFor(string field) => Errors.For(field).Select(Localize).ToList();

    public FormGroupErrorsView GroupErrors(string field) => new(field, ErrorsFor(field));

    public FormFieldView Field(
        string name, string label, string? value, string? hint = null, string type = "text", bool multiline = false, bool required = false,
        string? dataList = null, string? inputMode = null, string? cssClass = null) =>
        new(name, label, value, ErrorsFor(name), hint, type, multiline, required, dataList, inputMode, CssClass: cssClass);

    public FormSelectView Choice(string name, string label, string? value, IEnumerable<FormOption> options, bool required = false, string? hint = null) =>
        new(name, label, value, [new FormOptionGroup(null, options.ToList())], ErrorsFor(name), hint, EmptyLabel: Localize("(choose)"), Required: required);

    /// <summary>Countries (and, for agreement parties, blocs) in a select the script makes filterable.</summary>
    public FormSelectView CountryChoice(string name, string label, string? value, bool withBlocs, bool required = false, string? hint = null)
    {
        var countries = Reference.Countries.Values
            .Select(c => new FormOption(c.Iso3, $"{PortalLocalization.Pick(c.NameEn, c.NameZh)} ({c.Iso3})"))
            .OrderBy(o => o.Label, StringComparer.Create(CultureInfo.CurrentUICulture, ignoreCase: true))
            .ToList();
        var groups = new List<FormOptionGroup> { new(withBlocs ? Localize("Countries") : null, countries) };
        if (withBlocs)
        {
            groups.Add(new FormOptionGroup(Localize("Blocs"), Reference.Blocs.Values
                .Select(b => new FormOption(AgreementForm.BlocPrefix + b.Code, $"{PortalLocalization.Pick(b.NameEn, b.NameZh)} ({b.Code})"))
                .OrderBy(o => o.Label, StringComparer.CurrentCultureIgnoreCase)
                .ToList()));
        }

        return new FormSelectView(name, label, value, groups, ErrorsFor(name), hint, Localize("(none)"), Filterable: true, Required: required);
    }

    public RecordPickerView Picker(string name, string label, string type, string? value, string? hint = null)
    {
        var current = long.TryParse(value?.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                      && labelsByType.TryGetValue(type, out var labels) && labels.TryGetValue(id, out var known)
            ? known
            : null;
        var finding = string.Equals(FindField, name, StringComparison.Ordinal);
        return new RecordPickerView(
            name, label, value, type, optionsByType.GetValueOrDefault(type), finding ? findMatches : null, finding ? FindText : null, current, ErrorsFor(name), hint);
    }

    public IEnumerable<FormOption> Labelled(IEnumerable<string> codes, string labelPrefix = "") =>
        codes.Select(code => new FormOption(code, Localize(labelPrefix + code)));

    /// <summary>Loads what the page shows beside the form: vocabularies, picker options and labels, banners.</summary>
    protected async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Reference = await referenceData.GetAsync(cancellationToken);
        if (State is { RecordChangedSinceDraft: true, Record: { } record } state && ConflictComparison is null)
        {
            DraftComparison = new ComparisonView(
                Localize("The open draft beside the published record"), Localize("Draft"), Localize("Published record"),
                PayloadComparison.Compare(state.Payload, record.Input));
        }

        foreach (var group in PickerValues().GroupBy(p => p.Type))
        {
            optionsByType[group.Key] = await Lookup.AllIfFewAsync(group.Key, cancellationToken);
            var ids = group.Select(p => long.TryParse(p.Value?.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
                .OfType<long>();
            labelsByType[group.Key] = await Lookup.LabelsAsync(group.Key, ids, cancellationToken);
        }

        var sourceIds = CitedSourceIds()
            .Select(s => long.TryParse(s?.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>().Distinct().ToList();
        if (sourceIds.Count > 0)
        {
            SourceTitles = db.Sources.Where(s => sourceIds.Contains(s.Id)).Select(s => new { s.Id, s.Title }).ToDictionary(s => s.Id, s => s.Title);
        }
    }

    /// <summary>Shows the matches for the picker named in <paramref name="find"/> ("type|field name").</summary>
    protected async Task FindAsync(string find, CancellationToken cancellationToken)
    {
        var separator = find.IndexOf('|', StringComparison.Ordinal);
        if (separator <= 0 || !RecordLookup.Types.Contains(find[..separator]))
        {
            return;
        }

        var (type, field) = (find[..separator], find[(separator + 1)..]);
        var text = string.Equals(FindField, field, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(FindText)
            ? FindText
            : Request.Form[field].ToString();
        FindField = field;
        FindText = text;
        findMatches = await Lookup.FindAsync(type, text, cancellationToken);
    }

    protected ComparisonView ConflictView(JsonElement mine, JsonElement stored) =>
        new(Localize("Your version beside the stored one"), Localize("Your version"), Localize("Stored now"), PayloadComparison.Compare(mine, stored));
}

/// <summary>
/// An edit page for one record type: opens the record (or its open draft, or a new record's draft), maps the payload to
/// the form, and saves the form as a draft through <see cref="DraftWorkflow"/>. Add-row, remove-row and Find buttons
/// re-display the form and save nothing, so the page works without JavaScript. Archive and restore are immediate.
/// </summary>
public abstract class RecordEditPageModel<TForm, TInput>(
    DraftWorkflow workflow, PortalDbContext db, ReferenceData referenceData, IStringLocalizer<SharedResource> localizer)
    : RecordEditPageModel(workflow, db, referenceData, localizer)
    where TForm : class, IRecordForm<TInput>, new()
    where TInput : class
{
    [BindProperty]
    public TForm Form { get; set; } = new();

    protected abstract TForm FromInput(TInput input);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        State = await Workflow.OpenAsync(EntityType, EntityId, DraftParameter, cancellationToken);
        if (State is null)
        {
            return NotFound();
        }

        Token = State.Token;
        Form = FormOf(State.Payload);
        await PrepareAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? add, string? remove, string? find, CancellationToken cancellationToken)
    {
        State = await Workflow.OpenAsync(EntityType, EntityId, DraftParameter, cancellationToken);
        if (State is null)
        {
            return NotFound();
        }

        if (add is not null || remove is not null || find is not null)
        {
            if (add is not null)
            {
                Form.AddRow(add);
            }
            else if (remove is not null && remove.Split(':') is [var list, var index] && int.TryParse(index, CultureInfo.InvariantCulture, out var at))
            {
                Form.RemoveRow(list, at);
            }
            else if (find is not null)
            {
                await FindAsync(find, cancellationToken);
            }

            return await RedisplayAsync(cancellationToken);
        }

        FindField = null;
        FindText = null;
        if (IsArchived)
        {
            Errors.Add("", "This record is archived: restore it before changing it.");
            return await RedisplayAsync(cancellationToken);
        }

        Form.DropBlankRows();
        var (input, parseErrors) = Form.ToInput();
        if (parseErrors.Count > 0)
        {
            // Numbers that could not be read are reported with everything else the editor finds, so one round trip shows all.
            Errors.AddRange(parseErrors);
            var editorErrors = await Workflow.Writer(EntityType).ValidateAsync(input, EntityId, cancellationToken);
            Errors.AddEditorErrors(
                editorErrors.Where(e => !parseErrors.Any(p => p.Field == Form.FieldOf(e.Key))).ToDictionary(e => e.Key, e => e.Value),
                Form.FieldOf);
            return await RedisplayAsync(cancellationToken);
        }

        var outcome = await Workflow.SaveAsync(
            EntityType, EntityId, DraftParameter, input, Token ?? "", ConfirmedNotDuplicate, Actor.Of(User), cancellationToken);
        switch (outcome)
        {
            case SaveOutcome.Saved saved:
                StatusMessage = Localize("The draft is saved. It is not public until it is published.");
                return Redirect($"/Manage/Drafts/Details?id={saved.Draft.Id}");
            case SaveOutcome.Invalid invalid:
                Errors.AddEditorErrors(invalid.Errors, Form.FieldOf);
                break;
            case SaveOutcome.Conflict conflict:
                // Their values stay in the form; the token now names what is stored, so saving again re-applies them deliberately.
                State = conflict.Current;
                Token = conflict.Current.Token;
                ConflictComparison = ConflictView(Workflow.Writer(EntityType).Write(input), conflict.Current.Payload);
                break;
            case SaveOutcome.LikelyDuplicates duplicates:
                Duplicates = duplicates.Candidates;
                break;
            case SaveOutcome.Archived:
                Errors.Add("", "This record is archived: restore it before changing it.");
                break;
            default:
                return NotFound();
        }

        return await RedisplayAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostArchiveAsync(CancellationToken cancellationToken) => ArchiveOrRestoreAsync(archived: true, cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken cancellationToken) => ArchiveOrRestoreAsync(archived: false, cancellationToken);

    private async Task<IActionResult> ArchiveOrRestoreAsync(bool archived, CancellationToken cancellationToken)
    {
        if (EntityId is not { } id || !await Workflow.Writer(EntityType).SetArchivedAsync(id, archived, Actor.Of(User), cancellationToken))
        {
            return NotFound();
        }

        StatusMessage = Localize(archived
            ? "The record is archived: it has left public lists and totals, and stays readable by its link."
            : "The record is restored: it is public again.");
        return Redirect(PageUrl);
    }

    private TForm FormOf(JsonElement payload) =>
        Workflow.Writer(EntityType).Read(payload) is TInput input ? FromInput(input) : new TForm();

    private async Task<IActionResult> RedisplayAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        return Page();
    }
}
