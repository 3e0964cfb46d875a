using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>A page fetched through the real app and parsed as a browser would (AngleSharp), for assertions on its DOM.</summary>
public sealed class HtmlPage(HttpStatusCode status, IDocument document)
{
    private static readonly HtmlParser Parser = new();

    public HttpStatusCode Status { get; } = status;

    public IDocument Document { get; } = document;

    public static async Task<HtmlPage> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return new HtmlPage(response.StatusCode, Parser.ParseDocument(html));
    }

    public IElement One(string selector) =>
        Document.QuerySelector(selector) ?? throw new ShouldAssertException($"No element matches '{selector}'.");

    public IReadOnlyList<IElement> All(string selector) => Document.QuerySelectorAll(selector).ToList();

    /// <summary>The element's text with runs of white space made single spaces.</summary>
    public static string Text(IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public string Text(string selector) => Text(One(selector));
}
