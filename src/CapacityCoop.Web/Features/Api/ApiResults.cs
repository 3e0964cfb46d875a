using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CapacityCoop.Web.Features.Api;

/// <summary>Problem documents, ETags, paging links: the parts every resource API shares.</summary>
public static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ProblemHttpResult NotFound(string resource, object id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {resource} with id {id}.");

    /// <summary>A record's representation with its ETag; 304 when If-None-Match already has it; 404 when there is none.</summary>
    public static Results<Ok<T>, StatusCodeHttpResult, ProblemHttpResult> Detail<T>(HttpContext context, T? detail, string resource, object id)
        where T : class =>
        detail is null ? NotFound(resource, id)
        : IsNotModified(context, detail) ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
        : TypedResults.Ok(detail);

    public static ValidationProblem InvalidQuery(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more query parameters are invalid.");

    public static ValidationProblem InvalidBody(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more fields are invalid.");

    public static ProblemHttpResult PreconditionFailed(string resource, object id) => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The record has changed",
        detail: $"The {resource} {id} was changed by someone else since you read it (its ETag no longer matches If-Match). " +
                "GET it again, re-apply your change and send the new ETag.");

    /// <summary>
    /// A PUT replaces the whole record, so without If-Match it would silently overwrite whatever another editor
    /// saved since the client read it; the client is told how to make the request conditional instead.
    /// </summary>
    public static ProblemHttpResult PreconditionRequired(string resource, string collection, object id) => TypedResults.Problem(
        statusCode: StatusCodes.Status428PreconditionRequired,
        title: "If-Match is required",
        detail: $"PUT replaces the whole {resource}, so it must name the version it replaces: GET /api/v1/{collection}/{id} and send " +
                "its ETag header back in If-Match (If-Match: * replaces whatever version is there). Nothing was changed.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>A strong ETag over the exact JSON representation: it changes whenever anything a client sees changes.</summary>
    public static string ETagFor<T>(T representation)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(representation, Json);
        return $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"";
    }

    /// <summary>Sends the representation's ETag and returns it (after a write, so the client can send it back in If-Match).</summary>
    public static string SetETag<T>(HttpContext context, T representation)
    {
        var etag = ETagFor(representation);
        context.Response.Headers[HeaderNames.ETag] = etag;
        return etag;
    }

    /// <summary>
    /// For a read by id: sends the ETag (with no-cache, so caches revalidate) and says whether the client's
    /// If-None-Match already names it, in which case the answer is 304 without a body.
    /// </summary>
    public static bool IsNotModified<T>(HttpContext context, T representation)
    {
        var etag = SetETag(context, representation);
        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        return IfNoneMatchHits(context.Request, etag);
    }

    public static bool IfNoneMatchHits(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"));

    /// <summary>True when the request carries an If-Match with something in it (an empty header names no version).</summary>
    public static bool HasIfMatch(HttpRequest request) => request.Headers.IfMatch.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>True when If-Match is "*" or lists <paramref name="etag"/>; a weak tag never matches (RFC 9110 strong comparison).</summary>
    public static bool IfMatchAllows(HttpRequest request, string etag) =>
        request.Headers.IfMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"));

    /// <summary>RFC 8288 Link header with first/prev/next/last for a paged list, keeping every other parameter.</summary>
    public static void AddPagingLinks(HttpContext context, int page, int pageSize, int totalPages)
    {
        var links = new List<string>();
        void Add(string rel, int target) => links.Add($"<{PageUrl(context.Request, target)}>; rel=\"{rel}\"");
        Add("first", 1);
        if (page > 1)
        {
            Add("prev", Math.Min(page - 1, Math.Max(totalPages, 1)));
        }

        if (page < totalPages)
        {
            Add("next", page + 1);
        }

        Add("last", Math.Max(totalPages, 1));
        context.Response.Headers[HeaderNames.Link] = string.Join(", ", links);
    }

    private static string PageUrl(HttpRequest request, int page)
    {
        var query = request.Query
            .Where(kv => kv.Key != "page")
            .SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"page={page}");
        return $"{request.PathBase}{request.Path}?{string.Join("&", query)}";
    }

    /// <summary>The id every problem document carries: the request id printed on each of that request's log lines.</summary>
    public static string TraceId(HttpContext context) => context.TraceIdentifier;
}
