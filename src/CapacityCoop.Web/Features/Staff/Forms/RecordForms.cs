using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>The input contract a form maps to, with the numbers that could not be read (their text stays in the form).</summary>
public sealed record FormInput<TInput>(TInput Input, IReadOnlyList<FormError> ParseErrors);

/// <summary>
/// A staff edit form's values as posted: text for everything, so nothing a person typed is lost on error. Each form
/// maps both ways to its API input contract and knows which of its fields an editor error key points at.
/// </summary>
public interface IRecordForm<TInput>
{
    /// <summary>The repeatable groups (parties, sources ...) by the name their add and remove buttons post.</summary>
    IReadOnlyList<string> RowLists { get; }

    FormInput<TInput> ToInput();

    /// <summary>The form field (or group) an editor error key such as "parties[0].country" belongs to.</summary>
    string FieldOf(string editorKey);

    void AddRow(string list);

    void RemoveRow(string list, int index);

    /// <summary>Rows left entirely blank are dropped before saving, so an unused extra row is no error.</summary>
    void DropBlankRows();
}

/// <summary>Amount, ISO 4217 currency and the US-dollar figure.</summary>
public sealed class MoneyFields
{
    public string? Amount { get; set; }
    public string? Currency { get; set; }
    public string? Usd { get; set; }

    public static MoneyFields From(MoneyInput? money) => new()
    {
        Amount = FormValues.Text(money?.Amount),
        Currency = money?.Currency,
        Usd = FormValues.Text(money?.Usd),
    };

    public MoneyInput? ToInput(string prefix, List<FormError> errors) =>
        string.IsNullOrWhiteSpace(Amount) && string.IsNullOrWhiteSpace(Currency) && string.IsNullOrWhiteSpace(Usd)
            ? null
            : new MoneyInput(
                FormValues.Decimal(Amount, $"{prefix}.Amount", errors),
                string.IsNullOrWhiteSpace(Currency) ? null : Currency,
                FormValues.Decimal(Usd, $"{prefix}.Usd", errors));
}

/// <summary>A cited source: an existing one by id, or a new one described by title, publisher, date and URL; plus what it says.</summary>
public sealed class CitedSourceRow
{
    public string? SourceId { get; set; }
    public string? Title { get; set; }
    public string? Publisher { get; set; }
    public string? PublishedOn { get; set; }
    public string? Url { get; set; }
    public string? Note { get; set; }

    public bool IsBlank => new[] { SourceId, Title, Publisher, PublishedOn, Url, Note }.All(string.IsNullOrWhiteSpace);

    public static CitedSourceRow From(SourceInput source) => new()
    {
        SourceId = FormValues.Text(source.SourceId),
        Title = source.Title,
        Publisher = source.Publisher,
        PublishedOn = source.PublishedOn,
        Url = source.Url,
        Note = source.Note,
    };

    public SourceInput ToInput(string prefix, List<FormError> errors) => new(
        FormValues.Id(SourceId, $"{prefix}.SourceId", errors),
        Blank(Title), Blank(Publisher), Blank(PublishedOn), Blank(Url), Blank(Note));

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

/// <summary>Row handling the three forms share.</summary>
internal static class FormRows
{
    public static void RemoveAt<T>(List<T> rows, int index)
    {
        if (index >= 0 && index < rows.Count)
        {
            rows.RemoveAt(index);
        }
    }

    public static List<SourceInput> Sources(List<CitedSourceRow> rows, List<FormError> errors) =>
        rows.Select((row, i) => row.ToInput($"Form.Sources[{i}]", errors)).ToList();

    public static List<CitedSourceRow> Sources(IReadOnlyList<SourceInput>? sources) =>
        (sources ?? []).Where(s => s is not null).Select(CitedSourceRow.From).ToList();

    public static List<string> Codes(IEnumerable<string?>? codes) =>
        (codes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!).ToList();
}
