using System.Globalization;
using System.Text.Json;

namespace CapacityCoop.Web.Features.Staff;

/// <summary>One field of two versions of a record side by side, as readable text.</summary>
public sealed record FieldComparison(string Field, string Mine, string Stored, bool Differs);

/// <summary>
/// Lays two versions of a record (input payloads: the editor's and the stored one) side by side, field by field, for
/// the conflict page and the review of a draft.
/// </summary>
public static class PayloadComparison
{
    public const string Empty = "—";

    public static IReadOnlyList<FieldComparison> Compare(JsonElement mine, JsonElement stored)
    {
        var left = Fields(mine);
        var right = Fields(stored);
        return left.Keys.Concat(right.Keys.Where(k => !left.ContainsKey(k)))
            .OrderBy(FieldLabels.Rank)
            .Where(field => !string.Equals(field, "slug", StringComparison.OrdinalIgnoreCase) || left.ContainsKey(field) && right.ContainsKey(field))
            .Select(field =>
            {
                var a = left.GetValueOrDefault(field);
                var b = right.GetValueOrDefault(field);
                var differs = !(a is null && b is null) && (a is null || b is null || !JsonElement.DeepEquals(a.Value, b.Value));
                return new FieldComparison(field, Text(a), Text(b), differs);
            })
            .Where(c => c.Differs || c.Mine != Empty)
            .ToList();
    }

    /// <summary>A JSON value as one line of text: lists joined with "; ", objects as "name: value" pairs.</summary>
    public static string Text(JsonElement? value) => value is not { } v ? Empty : v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Empty,
        JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : Empty,
        JsonValueKind.Number => v.TryGetDecimal(out var d) ? d.ToString("#,0.##########", CultureInfo.InvariantCulture) : v.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => v.GetArrayLength() == 0 ? Empty : string.Join("; ", v.EnumerateArray().Select(e => Text(e))),
        _ when Money(v) is { } money => money,
        _ => string.Join(", ", v.EnumerateObject()
            .Where(p => p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            .Select(p => $"{p.Name}: {Text(p.Value)}")) is { Length: > 0 } joined ? joined : Empty,
    };

    /// <summary>An amount of money as people write it: "1,500,000,000 CNY (US$230,000,000)".</summary>
    private static string? Money(JsonElement value)
    {
        if (!value.TryGetProperty("amount", out var amount) || !value.TryGetProperty("currency", out var currency) || currency.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = $"{Text(amount)} {currency.GetString()}";
        return value.TryGetProperty("usd", out var usd) && usd.ValueKind == JsonValueKind.Number && currency.GetString() != "USD"
            ? $"{text} (US${Text(usd)})"
            : text;
    }

    private static Dictionary<string, JsonElement?> Fields(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
            ? payload.EnumerateObject()
                .Where(p => p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                            && !(p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 0))
                .ToDictionary(p => p.Name, p => (JsonElement?)p.Value.Clone(), StringComparer.OrdinalIgnoreCase)
            : [];
}
