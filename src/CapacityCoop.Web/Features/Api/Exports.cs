using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Features.Api;

public enum ExportFormat
{
    None,
    Csv,
    Json,
    Xlsx,
}

/// <summary>
/// Streams a whole filtered set as CSV, a JSON array or an Excel workbook, row by row: memory stays flat however
/// large the set (the workbook is written to a temporary file first, because a zip package needs to seek).
/// </summary>
public static class Exports
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "json", "xlsx"];

    /// <summary><c>format=csv|json</c> wins; otherwise <c>Accept: text/csv</c> asks for CSV; otherwise a normal paged response.</summary>
    public static ExportFormat Requested(HttpRequest request, QueryParameters query)
    {
        var format = query.List("format", Formats).FirstOrDefault();
        if (format is not null)
        {
            return format switch
            {
                "csv" => ExportFormat.Csv,
                "xlsx" => ExportFormat.Xlsx,
                _ => ExportFormat.Json,
            };
        }

        return request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase))
            ? ExportFormat.Csv
            : ExportFormat.None;
    }

    /// <summary>The absolute address of a record's public page, for the <c>url</c> column of an export.</summary>
    public static string RecordUrl(HttpRequest request, string collection, long id) =>
        $"{request.Scheme}://{request.Host}/{collection}/{id}";

    public static IResult Csv<T>(string name, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Func<T, IEnumerable<object?>> fields) =>
        new StreamedResult("text/csv; charset=utf-8", $"{name}.csv", async (body, cancellationToken) =>
        {
            await using var csv = new CsvWriter(body);
            await csv.WriteRowAsync(header);
            var count = 0;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await csv.WriteRowAsync(fields(row));
                if (++count % 500 == 0)
                {
                    await csv.FlushAsync();
                }
            }
        });

    public static IResult JsonArray<T>(string name, IAsyncEnumerable<T> rows) =>
        new StreamedResult("application/json; charset=utf-8", $"{name}.json", async (body, cancellationToken) =>
        {
            // The serializer flushes its writer synchronously, so it writes into a buffer that is copied to the
            // response asynchronously whenever it fills.
            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            await using var json = new Utf8JsonWriter(buffer);
            json.WriteStartArray();
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                JsonSerializer.Serialize(json, row, ApiResults.Json);
                if (buffer.WrittenCount > 32 * 1024)
                {
                    await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }
            }

            json.WriteEndArray();
            await json.FlushAsync(cancellationToken);
            await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        });

    public static IResult Xlsx<T>(string name, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Func<T, IEnumerable<object?>> fields) =>
        new StreamedResult("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{name}.xlsx", async (body, cancellationToken) =>
        {
            var path = Path.Combine(Path.GetTempPath(), $"capacitycoop-export-{Guid.NewGuid():N}.xlsx");
            try
            {
                await XlsxWriter.WriteAsync(path, name, header, rows, fields, cancellationToken);
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
                await file.CopyToAsync(body, cancellationToken);
            }
            finally
            {
                File.Delete(path);
            }
        });

    private sealed class StreamedResult(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = contentType;
            context.Response.Headers[HeaderNames.ContentDisposition] =
                $"attachment; filename=\"{Path.GetFileNameWithoutExtension(fileName)}-{DateTime.UtcNow:yyyy-MM-dd}{Path.GetExtension(fileName)}\"";
            context.Response.Headers[HeaderNames.CacheControl] = "no-store";
            await write(context.Response.Body, context.RequestAborted);
        }
    }
}
