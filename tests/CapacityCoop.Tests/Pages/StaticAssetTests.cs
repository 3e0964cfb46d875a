using System.Net;
using System.Text.RegularExpressions;

namespace CapacityCoop.Tests.Pages;

public sealed class StaticAssetTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Pages_link_fingerprinted_stylesheets_served_with_an_ETag()
    {
        var client = api.Client();
        var html = await client.GetStringAsync("/");
        var href = Regex.Match(html, "href=\"(/css/site\\.[a-z0-9]+\\.css)\"").Groups[1].Value;

        href.ShouldNotBeEmpty("the layout should link the fingerprinted stylesheet");
        var response = await client.GetAsync(href);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        response.Headers.ETag.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("gzip, deflate, br, zstd")]
    public async Task Stylesheets_and_scripts_have_their_content_when_the_browser_accepts_compression(string acceptEncoding)
    {
        var client = api.Client();
        var html = await client.GetStringAsync("/Account/Login");
        var assets = Regex.Matches(html, "(?:href|src)=\"(/(?:css|js)/[^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        assets.ShouldNotBeEmpty();

        foreach (var asset in assets)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            var response = await client.SendAsync(request);

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var text = await Decoded(response);
            text.Length.ShouldBeGreaterThan(100, $"{asset} with Accept-Encoding: {acceptEncoding}");
        }
    }

    private static async Task<string> Decoded(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        Stream decoded = response.Content.Headers.ContentEncoding.LastOrDefault() switch
        {
            "gzip" => new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress),
            "br" => new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress),
            _ => body,
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Pages_are_compressed_when_the_client_accepts_it()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("br");

        var response = await api.Client().SendAsync(request);

        response.Content.Headers.ContentEncoding.ShouldContain("br");
    }
}
