using System.Net;
using System.Text.RegularExpressions;

namespace CapacityCoop.Tests.Pages.Projects;

/// <summary>
/// Reads what the project pages render, with regular expressions over the server's HTML (the markup is ours and
/// regular, so no HTML parser is needed). Text is decoded: Razor writes non-ASCII as character references.
/// </summary>
public static partial class PageHtml
{
    public sealed record FacetEntry(string Value, string Label, int Count, bool Selected, string Href);

    public static string Text(string html) => WebUtility.HtmlDecode(html);

    /// <summary>The entries of one facet (<c>data-facet="sector"</c>), in page order.</summary>
    public static IReadOnlyList<FacetEntry> Facet(string html, string facet)
    {
        var section = Regex.Match(html, $"<section class=\"facet\" data-facet=\"{facet}\">(.*?)</section>", RegexOptions.Singleline);
        section.Success.ShouldBeTrue($"facet '{facet}' is on the page");
        return FacetEntryPattern().Matches(section.Groups[1].Value)
            .Select(m => new FacetEntry(
                Text(m.Groups["value"].Value),
                Text(m.Groups["label"].Value),
                int.Parse(m.Groups["count"].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["current"].Value == "true",
                Text(m.Groups["href"].Value)))
            .ToList();
    }

    /// <summary>The ids of the result rows, in order.</summary>
    public static IReadOnlyList<long> RowIds(string html) =>
        RowPattern().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The inner HTML of the element carrying <c>data-testid="<paramref name="testId"/>"</c> (first match, no nesting of the same tag).</summary>
    public static string TestId(string html, string testId)
    {
        var match = Regex.Match(html, $"<(?<tag>[a-z0-9]+)[^>]*data-testid=\"{testId}\"[^>]*>(?<inner>.*?)</\\k<tag>>", RegexOptions.Singleline);
        match.Success.ShouldBeTrue($"data-testid='{testId}' is on the page");
        return match.Groups["inner"].Value;
    }

    /// <summary>The first inline SVG map (class world-map) on the page.</summary>
    public static string Svg(string html)
    {
        var match = Regex.Match(html, "<svg [^>]*class=\"world-map\".*?</svg>", RegexOptions.Singleline);
        match.Success.ShouldBeTrue("the page has a map");
        return match.Value;
    }

    [GeneratedRegex(
        "<a href=\"(?<href>[^\"]*)\" aria-current=\"(?<current>true|false)\"[^>]*data-value=\"(?<value>[^\"]*)\">\\s*" +
        "<span class=\"check\"[^>]*>[^<]*</span>\\s*<span class=\"label\">(?<label>[^<]*)</span>\\s*<span class=\"count\">(?<count>[^<]*)</span>",
        RegexOptions.Singleline)]
    private static partial Regex FacetEntryPattern();

    [GeneratedRegex("<tr data-project-id=\"(\\d+)\">")]
    private static partial Regex RowPattern();
}
