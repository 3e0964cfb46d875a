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

    [Fact]
    public async Task Pages_are_compressed_when_the_client_accepts_it()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("br");

        var response = await api.Client().SendAsync(request);

        response.Content.Headers.ContentEncoding.ShouldContain("br");
    }
}
