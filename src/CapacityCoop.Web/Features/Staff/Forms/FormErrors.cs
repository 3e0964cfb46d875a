using System.Globalization;
using System.Text;
using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>A message about one form field, keyed by the field's form name ("Form.Parties[0].Party").</summary>
public sealed record FormError(string Field, string Message);

/// <summary>
/// The messages a form shows: each beside its field and all of them in a summary at the top that links to the fields.
/// Fields are named as the form posts them; <see cref="IdOf"/> gives the element id the summary links to.
/// </summary>
public sealed class FormErrorSet
{
    private readonly List<FormError> all = [];

    public IReadOnlyList<FormError> All => all;

    public bool Any => all.Count > 0;

    public void Add(string field, string message) => all.Add(new FormError(field, message));

    public void AddRange(IEnumerable<FormError> errors) => all.AddRange(errors);

    /// <summary>The editor's messages (keyed by JSON path, such as "value.currency"), moved onto the form's fields.</summary>
    public void AddEditorErrors(IReadOnlyDictionary<string, string[]> errors, Func<string, string> fieldOf)
    {
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
            {
                Add(fieldOf(key), ValidationMessages.ForReader(message));
            }
        }
    }

    public IReadOnlyList<string> For(string field) => all.Where(e => e.Field == field).Select(e => e.Message).ToList();

    public bool Has(string field) => all.Any(e => e.Field == field);

    /// <summary>The element id of a field: its name with '.', '[' and ']' made underscores, as ASP.NET Core's tag helpers do.</summary>
    public static string IdOf(string field)
    {
        var id = new StringBuilder(field.Length);
        foreach (var c in field)
        {
            id.Append(c is '.' or '[' or ']' ? '_' : c);
        }

        return id.ToString();
    }

    public static string ErrorIdOf(string field) => IdOf(field) + "-error";

    public static string HintIdOf(string field) => IdOf(field) + "-hint";
}

/// <summary>From the editors' error keys (JSON paths of the input contracts) to the names the forms post.</summary>
public static class FormFieldNames
{
    /// <summary>"parties[0].country" → "Form.Parties[0].Country"; "value.amount" → "Form.Value.Amount".</summary>
    public static string FromEditorKey(string key) =>
        "Form." + string.Join(".", key.Split('.').Select(segment =>
            segment.Length == 0 ? segment : char.ToUpperInvariant(segment[0]) + segment[1..]));

    /// <summary>The index in a key such as "parties[3].country" for the list <paramref name="list"/>, or null.</summary>
    public static int? IndexIn(string key, string list)
    {
        if (!key.StartsWith(list + "[", StringComparison.Ordinal))
        {
            return null;
        }

        var end = key.IndexOf(']', list.Length + 1);
        return end > 0 && int.TryParse(key.AsSpan(list.Length + 1, end - list.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }
}

/// <summary>Reading the numbers a form posts as text, so a typing error becomes a message beside the field and the text stays.</summary>
public static class FormValues
{
    public const string NotANumber = "Enter a number, such as 1500000000 or 3.5.";
    public const string NotAWholeNumber = "Enter a whole number, such as 4000.";
    public const string NotAnId = "Enter the id (a number) of the record, or type part of its name and press Find.";

    public static decimal? Decimal(string? text, string field, List<FormError> errors)
    {
        if (Clean(text) is not { } value)
        {
            return null;
        }

        if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(new FormError(field, NotANumber));
        return null;
    }

    public static double? Double(string? text, string field, List<FormError> errors)
    {
        if (Clean(text) is not { } value)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(new FormError(field, NotANumber));
        return null;
    }

    public static long? Long(string? text, string field, List<FormError> errors, string message = NotAWholeNumber)
    {
        if (Clean(text) is not { } value)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(new FormError(field, message));
        return null;
    }

    /// <summary>An id typed into a picker: "123" or "#123".</summary>
    public static long? Id(string? text, string field, List<FormError> errors) =>
        Long(text?.Trim().TrimStart('#'), field, errors, NotAnId);

    public static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string? Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>Null for blank; digit group separators (",", spaces, "_") removed so "1,500,000" reads as a number.</summary>
    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (c is not (',' or '_' or ' ' or '\u00a0' or '\u202f'))
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString();
    }
}
