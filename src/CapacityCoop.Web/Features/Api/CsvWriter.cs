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
            await writer.WriteAsync(Escape(Format(field)));
        }

        await writer.WriteLineAsync();
    }

    public Task FlushAsync() => writer.FlushAsync();

    public async ValueTask DisposeAsync()
    {
        await writer.FlushAsync();
        await writer.DisposeAsync();
    }

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
