using System.Net.Http.Json;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>A PUT needs If-Match (428 without it): the record's current ETag, or "*" where a test is about something else.</summary>
public static class ConditionalPuts
{
    /// <summary>GETs <paramref name="url"/> and PUTs <paramref name="body"/> with the ETag it answered, as a careful script does.</summary>
    public static async Task<HttpResponseMessage> PutWithCurrentETagAsync<T>(this HttpClient client, string url, T body)
    {
        var etag = (await client.GetAsync(url)).Headers.ETag ?? throw new InvalidOperationException($"GET {url} sent no ETag.");
        return await client.PutIfMatchAsync(url, body, etag.Tag);
    }

    public static Task<HttpResponseMessage> PutIfMatchAsync<T>(this HttpClient client, string url, T body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
