using System.Text;

namespace CapacityCoop.Web.Features.Import;

/// <summary>
/// One record of a CSV file and its row number as a spreadsheet shows it: the header is row 1, and a record whose
/// quoted field spans several lines is still one row.
/// </summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Fields);

/// <summary>A CSV file read whole: its records, or why it is not a CSV file this import can read.</summary>
public sealed record CsvContent(IReadOnlyList<CsvRecord> Records, string? Problem, int? ProblemRow)
{
    public bool IsReadable => Problem is null;
}

/// <summary>
/// Reads an uploaded CSV file: UTF-8 with or without a byte-order mark, comma separated, fields quoted as RFC 4180
/// says (doubled quotes inside, line breaks allowed within quotes), CRLF or LF line ends. Blank lines are kept as
/// empty records so row numbers match the file; the import skips them.
/// </summary>
public static class CsvFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CsvContent Read(byte[] bytes)
    {
        string text;
        try
        {
            var offset = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
            text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return Unreadable("The file is not UTF-8 text. Save it from your spreadsheet as \"CSV UTF-8 (comma delimited)\".", null);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Unreadable("The file is not a CSV text file (it contains binary data). Save it from your spreadsheet as \"CSV UTF-8 (comma delimited)\".", null);
        }

        return Parse(text);
    }

    public static CsvContent Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var row = 1;
        var i = 0;
        var atFieldStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                // A quoted field: runs to the closing quote; "" inside is one quote.
                var start = row;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return Unreadable($"A quoted field that starts in row {start} is never closed: a double quote (\") is missing.", start);
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i]);
                    i++;
                }

                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    return Unreadable($"Row {row}: text follows a closing quote; a field that contains quotes must be quoted whole, with each quote doubled (\"\").", row);
                }

                atFieldStart = false;
                continue;
            }

            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                i++;
            }
            else if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                fields.Add(field.ToString());
                field.Clear();
                records.Add(new CsvRecord(row, fields));
                fields = [];
                atFieldStart = true;
                row++;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
                i++;
            }
        }

        if (field.Length > 0 || fields.Count > 0 || !atFieldStart)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(row, fields));
        }

        return new CsvContent(records, null, null);
    }

    public static bool IsBlank(CsvRecord record) => record.Fields.All(f => f.Length == 0 || string.IsNullOrWhiteSpace(f));

    /// <summary>A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.</summary>
    public static string Escape(string? value) =>
        value is null ? "" :
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static CsvContent Unreadable(string problem, int? row) => new([], problem, row);
}
