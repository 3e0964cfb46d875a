using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Which characters no input may hold, and where they are. PostgreSQL refuses U+0000 in text (the request would end
/// in a 500), and the other controls are never typed on purpose: they come from broken scripts and pasted binary, and
/// would then travel into exports, feeds and other people's spreadsheets. So a value is rejected, naming the field,
/// when it holds a C0 control (U+0000–U+001F), DEL (U+007F) or a C1 control (U+0080–U+009F); the one exception is
/// tab, line feed and carriage return in the few fields written as paragraphs (<see cref="MultiLineFields"/>).
/// docs/api.md states the same rule.
/// </summary>
public static class ControlCharacters
{
    /// <summary>Contract properties that hold paragraphs (textareas in the staff forms); every other text is one line.</summary>
    public static readonly IReadOnlySet<string> MultiLineFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "summary", "valueNote", "investmentNote", "note",
    };

    public static bool IsForbidden(char c, bool multiLine) =>
        c is (< '\u0020' and not ('\t' or '\n' or '\r')) or (>= '\u007F' and <= '\u009F')
        || (!multiLine && c is '\t' or '\n' or '\r');

    /// <summary>The index of the first forbidden character, or -1.</summary>
    public static int IndexOf(string value, bool multiLine)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (IsForbidden(value[i], multiLine))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>"'q' contains a control character (U+0000) at position 2." — positions count from 1, as a reader counts.</summary>
    public static string Message(string field, string value, int index) =>
        $"'{field}' contains a control character (U+{(int)value[index]:X4}) at position {index + 1}.";

    /// <summary>
    /// Every string of a create/replace contract, nested records and lists included, with its JSON path
    /// ("parties[1].country", "sources[0].note"). Walking the contract by reflection means a field added later is
    /// checked without anyone remembering to; unknown fields (extension data) are reported as unknown elsewhere.
    /// </summary>
    public static IEnumerable<(string Path, string Value)> StringsOf(object? input, string path = "")
    {
        switch (input)
        {
            case null:
                yield break;
            case string text:
                yield return (path, text);
                yield break;
            case IDictionary:
                yield break;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    foreach (var found in StringsOf(item, $"{path}[{i}]"))
                    {
                        yield return found;
                    }

                    i++;
                }

                yield break;
        }

        var type = input.GetType();
        if (type.Namespace?.StartsWith("CapacityCoop.Web", StringComparison.Ordinal) != true)
        {
            yield break;
        }

        foreach (var property in Properties(type))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            foreach (var found in StringsOf(property.GetValue(input), path.Length == 0 ? name : $"{path}.{name}"))
            {
                yield return found;
            }
        }
    }

    /// <summary>True when some string of the contract breaks the rule (the editors report which; see <see cref="InputErrors.RejectControlCharacters"/>).</summary>
    public static bool AnyIn(object input) =>
        StringsOf(input).Any(s => IndexOf(s.Value, MultiLineFields.Contains(LeafName(s.Path))) >= 0);

    /// <summary>The last name of a path: "sources[0].note" → "note", "sectors[2]" → "sectors".</summary>
    public static string LeafName(string path)
    {
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        var bracket = leaf.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? leaf : leaf[..bracket];
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonExtensionDataAttribute>() is null);
}
