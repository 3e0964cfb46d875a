using System.Globalization;
using System.Text;

namespace CapacityCoop.Web.Features.Api;

/// <summary>Writes RFC 4180 CSV (CRLF line ends, quotes doubled) straight to a stream, one row at a time.</summary>
public sealed class CsvWriter(Stream stream) : IAsyncDisposable
{
    private readonly StreamWriter writer = new(stream, new UTF8Encoding(false), bufferSize: 32 * 1024) { NewLine = "\r\n" };

    public async Task WriteRowAsync(IEnumerable<object?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                await writer.WriteAsync(',');
            }

            first = false;
            await writer.WriteAsync(Escape(field is string text ? FormulaSafe(text) : Format(field)));
        }

        await writer.WriteLineAsync();
    }

    public Task FlushAsync() => writer.FlushAsync();

    public async ValueTask DisposeAsync()
    {
        await writer.FlushAsync();
        await writer.DisposeAsync();
    }

    /// <summary>
    /// Text that a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage return that some
    /// strip before looking) gets a leading single quote, as OWASP advises against CSV injection: a record's title is
    /// typed by whoever wrote the source, and an analyst opens the export. Only text is guarded: the numbers the
    /// exporter writes itself (a negative longitude, say) reach this writer as numbers and stay numbers.
    /// </summary>
    public static string FormulaSafe(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
