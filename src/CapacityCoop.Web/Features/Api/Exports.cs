using System.Buffers;
using System.Text.Json;
using CapacityCoop.Web.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Features.Api;

public enum ExportFormat
{
    None,
    Csv,
    Json,
    Xlsx,
    GeoJson,
}

/// <summary>One GeoJSON Point feature: where the record is and the properties that describe it.</summary>
public sealed record GeoJsonPoint(double Longitude, double Latitude, object Properties);

/// <summary>
/// Streams a whole filtered set as CSV, a JSON array, an Excel workbook or a GeoJSON FeatureCollection, row by row:
/// memory stays flat however large the set (a workbook is written to a temporary file first: a zip package needs to seek).
/// </summary>
public static class Exports
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "json", "xlsx"];

    /// <summary>The formats of collections whose records have a location.</summary>
    public static readonly IReadOnlyList<string> FormatsWithGeoJson = ["csv", "json", "xlsx", "geojson"];

    /// <summary>
    /// <c>format=csv|json</c> (or one of <paramref name="formats"/>) wins; otherwise <c>Accept: text/csv</c> asks for
    /// CSV; otherwise a normal paged response.
    /// </summary>
    public static ExportFormat Requested(HttpRequest request, QueryParameters query, IReadOnlyList<string>? formats = null)
    {
        var format = query.List("format", formats ?? Formats).FirstOrDefault();
        if (format is not null)
        {
            return format switch
            {
                "csv" => ExportFormat.Csv,
                "xlsx" => ExportFormat.Xlsx,
                "geojson" => ExportFormat.GeoJson,
                _ => ExportFormat.Json,
            };
        }

        return request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase))
            ? ExportFormat.Csv
            : ExportFormat.None;
    }

    /// <summary>The absolute address of a record's public page, for the <c>url</c> column of an export.</summary>
    public static string RecordUrl(HttpRequest request, string collection, long id) =>
        request.PublicUrl($"/{collection}/{id}");

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

    /// <summary>
    /// A GeoJSON FeatureCollection (RFC 7946) of Point features, coordinates in [longitude, latitude] order; rows for
    /// which <paramref name="feature"/> gives null (no location) are left out.
    /// </summary>
    public static IResult GeoJson<T>(string name, IAsyncEnumerable<T> rows, Func<T, GeoJsonPoint?> feature) =>
        new StreamedResult("application/geo+json; charset=utf-8", $"{name}.geojson", async (body, cancellationToken) =>
        {
            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            await using var json = new Utf8JsonWriter(buffer);
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (feature(row) is not { } point)
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteStartObject("geometry");
                json.WriteString("type", "Point");
                json.WriteStartArray("coordinates");
                json.WriteNumberValue(point.Longitude);
                json.WriteNumberValue(point.Latitude);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WritePropertyName("properties");
                JsonSerializer.Serialize(json, point.Properties, point.Properties.GetType(), ApiResults.Json);
                json.WriteEndObject();
                if (buffer.WrittenCount > 32 * 1024)
                {
                    await json.FlushAsync(cancellationToken);
                    await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
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
