using System.Globalization;

namespace CapacityCoop.Web.Features.Import;

/// <summary>A problem with one cell (or one row) of an upload: its row as a spreadsheet numbers it, its column and what is wrong.</summary>
public sealed record ImportIssue(int Row, string Column, string Message);

/// <summary>
/// One data row of an upload, read by column name. Cells that cannot be read as the type their column needs (a number,
/// an id) are reported here; everything else is left to the record's editor, so the rules are the API's.
/// </summary>
public sealed class ImportRow(int row, IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields)
{
    private readonly List<ImportIssue> issues = [];

    public int Row { get; } = row;

    /// <summary>Cells that could not be read; their columns' editor messages are left out (they would repeat them).</summary>
    public IReadOnlyList<ImportIssue> Issues => issues;

    /// <summary>The cell's text without surrounding white space; null when the column is absent or the cell is blank.</summary>
    public string? Text(string column) =>
        columns.TryGetValue(column, out var index) && index < fields.Count && !string.IsNullOrWhiteSpace(fields[index]) ? fields[index].Trim() : null;

    /// <summary>A list written with ";" between its items (blank items ignored); null when the cell is blank.</summary>
    public IReadOnlyList<string>? List(string column) =>
        Text(column) is { } text ? text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;

    public decimal? Decimal(string column) =>
        Parse(column, "a number such as 23600000000 or 3.5", text =>
            decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : (decimal?)null);

    public double? Double(string column) =>
        Parse(column, "a decimal number such as 3.9747", text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : (double?)null);

    public long? Long(string column) =>
        Parse(column, "a whole number", text => ParseId(text));

    /// <summary>Whole numbers written with ";" between them.</summary>
    public IReadOnlyList<long>? Ids(string column)
    {
        if (List(column) is not { } items)
        {
            return null;
        }

        var ids = new List<long>();
        foreach (var item in items)
        {
            if (ParseId(item) is { } id)
            {
                ids.Add(id);
            }
            else
            {
                Add(column, $"'{item}' is not an id: write whole numbers separated by ';'.");
            }
        }

        return ids;
    }

    public void Add(string column, string message) => issues.Add(new ImportIssue(Row, column, message));

    public static long? ParseId(string text) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private T? Parse<T>(string column, string expected, Func<string, T?> parse)
        where T : struct
    {
        if (Text(column) is not { } text)
        {
            return null;
        }

        var value = parse(text);
        if (value is null)
        {
            Add(column, $"'{column}' must be {expected}; got '{text}'.");
        }

        return value;
    }
}
