namespace CapacityCoop.Web.Infrastructure;

/// <summary>
/// Links for list pages whose whole state lives in the query string (filters, sort): the current URL with some
/// parameters changed, and the next sort order for a column header.
/// </summary>
public static class ListLinks
{
    /// <summary>Parameters that choose the language; a list page accepts them beside its own and keeps them in its links.</summary>
    public static readonly IReadOnlyList<string> CultureParameters = ["culture", "ui-culture"];

    /// <summary><paramref name="path"/> with the current query, each change applied (a null value removes the parameter).</summary>
    public static string With(string path, IQueryCollection query, params (string Name, string? Value)[] changes)
    {
        var pairs = query
            .Where(kv => changes.All(c => c.Name != kv.Key))
            .Select(kv => (Name: kv.Key, Value: (string?)kv.Value.ToString()))
            .Concat(changes.Where(c => c.Value is not null))
            .Select(kv => $"{Uri.EscapeDataString(kv.Name)}={Uri.EscapeDataString(kv.Value!)}");
        var text = string.Join("&", pairs);
        return text.Length == 0 ? path : $"{path}?{text}";
    }

    /// <summary>
    /// The sort a column header links to: the other direction when the column is the current sort, else the column's
    /// natural first direction (names A–Z, figures largest first).
    /// </summary>
    public static string NextSort(string? current, string key, bool descendingFirst) =>
        current == key ? $"-{key}" : current == $"-{key}" ? key : descendingFirst ? $"-{key}" : key;

    /// <summary>The aria-sort value of a column header: ascending, descending, or null when the list is not sorted by it.</summary>
    public static string? AriaSort(string? current, string key) =>
        current == key ? "ascending" : current == $"-{key}" ? "descending" : null;
}
