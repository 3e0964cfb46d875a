using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CapacityCoop.Web.Data.Seed;

namespace CapacityCoop.Web.Features.Maps;

/// <summary>
/// The offline world map: Natural Earth 1:110m countries, projected once by tools/geo/build-world-map.mjs and
/// rendered here as inline SVG, so maps work on a closed network with no tile server, CDN or JavaScript.
/// Callers speak ISO 3166-1 alpha-3; the asset's numeric codes are matched through the seed countries.csv.
/// Immutable after loading, so one instance serves every request.
/// </summary>
public sealed class WorldMap
{
    private const string AccentColour = "#d94801";
    private const string InkColour = "#1b2430";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static int renderCount;

    private readonly WorldMapAsset asset;
    private readonly IReadOnlyList<Shape> shapes;
    private readonly Dictionary<string, Shape> shapeByIso3 = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> nameByIso3 = new(StringComparer.OrdinalIgnoreCase);

    private sealed record Shape(string? Iso3, string Name, string D);

    public WorldMap(WorldMapAsset asset, IEnumerable<IReadOnlyDictionary<string, string>> countryRows)
    {
        if (asset.Projection.Name != "naturalEarth1")
        {
            throw new InvalidOperationException($"The world map asset uses projection '{asset.Projection.Name}'; only naturalEarth1 is implemented.");
        }

        this.asset = asset;
        var byNumeric = new Dictionary<int, (string Iso3, string Name)>();
        foreach (var row in countryRows)
        {
            nameByIso3[row["iso3"]] = row["name_en"];
            if (int.TryParse(row["numeric"], NumberStyles.None, Invariant, out var numeric))
            {
                byNumeric[numeric] = (row["iso3"], row["name_en"]);
            }
        }

        var unmatched = new List<string>();
        var list = new List<Shape>();
        foreach (var shape in asset.Countries)
        {
            if (shape.Numeric is null)
            {
                list.Add(new Shape(null, shape.Name, shape.D));
            }
            else if (int.TryParse(shape.Numeric, NumberStyles.None, Invariant, out var numeric) && byNumeric.TryGetValue(numeric, out var country))
            {
                var matched = new Shape(country.Iso3, country.Name, shape.D);
                list.Add(matched);
                shapeByIso3.TryAdd(country.Iso3, matched);
            }
            else
            {
                // Drawn like a feature without a code rather than dropped: a gap in the land would look like a bug.
                unmatched.Add($"{shape.Numeric} {shape.Name}");
                list.Add(new Shape(null, shape.Name, shape.D));
            }
        }

        // Drawing order is also the Tab order of linked countries, so it follows the names a reader sees.
        shapes = list.OrderBy(s => s.Name, StringComparer.InvariantCulture).ToList();
        UnmatchedShapes = unmatched;
    }

    public static string DefaultAssetPath => Path.Combine(AppContext.BaseDirectory, "Data", "Geo", "world-110m.json");

    public int Width => asset.Width;

    public int Height => asset.Height;

    public string Source => asset.Source;

    /// <summary>Shapes whose numeric code is not in countries.csv ("numeric name"); they are drawn unshaded.</summary>
    public IReadOnlyList<string> UnmatchedShapes { get; }

    /// <summary>Every ISO3 code that has a shape at this scale (Singapore, Bahrain and other small states do not).</summary>
    public IReadOnlyCollection<string> Iso3WithShapes => shapeByIso3.Keys;

    public static WorldMap Load(string? assetPath = null, string? countriesCsvPath = null)
    {
        assetPath ??= DefaultAssetPath;
        var asset = JsonSerializer.Deserialize<WorldMapAsset>(File.ReadAllText(assetPath, Encoding.UTF8), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"The world map asset {assetPath} is empty.");
        var rows = CsvRows.Read(countriesCsvPath ?? Path.Combine(SeedLoader.DefaultFolder, "countries.csv"));
        return new WorldMap(asset, rows);
    }

    public bool HasShape(string iso3) => shapeByIso3.ContainsKey(iso3);

    /// <summary>The SVG path data of a country in viewBox coordinates, or null when it has no shape at this scale.</summary>
    public string? PathFor(string iso3) => shapeByIso3.TryGetValue(iso3, out var shape) ? shape.D : null;

    /// <summary>
    /// Where a point lands on the map: d3's geoNaturalEarth1 with the asset's scale and translate, so markers sit
    /// exactly where the build script drew the coastlines.
    /// </summary>
    public (double X, double Y) Project(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be between -90 and 90.");
        }

        if (!double.IsFinite(longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite number.");
        }

        var lambda = longitude * Math.PI / 180;
        var phi = latitude * Math.PI / 180;
        if (Math.Abs(lambda) > Math.PI)
        {
            // d3's identity rotation wraps longitudes the same way.
            lambda -= Math.Round(lambda / (2 * Math.PI), MidpointRounding.AwayFromZero) * 2 * Math.PI;
        }

        // d3-geo naturalEarth1Raw (Šavrič et al. 2011), term for term.
        var phi2 = phi * phi;
        var phi4 = phi2 * phi2;
        var x = lambda * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)));
        var y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)));

        var p = asset.Projection;
        return (p.TranslateX + p.Scale * x, p.TranslateY - p.Scale * y);
    }

    /// <summary>
    /// A choropleth: each country shaded by its value on a six-step quantile scale of blues (countries absent from
    /// <paramref name="valueByIso3"/> or at zero are grey, and are passed to <paramref name="labelFor"/> with 0),
    /// a link where <paramref name="linkFor"/> gives one, a tooltip of name and label, and a legend.
    /// Countries too small for this scale are named in the description, with their labels.
    /// </summary>
    /// <param name="legendFormat">How legend values are written; compact numbers (2.5 bn, 350 m) by default.</param>
    public string RenderChoropleth(
        IReadOnlyDictionary<string, decimal> valueByIso3,
        Func<string, string?> linkFor,
        Func<string, decimal, string> labelFor,
        string title,
        string? highlightIso3 = null,
        IReadOnlyList<MapMarker>? markers = null,
        Func<decimal, string>? legendFormat = null)
    {
        legendFormat ??= CompactNumber;
        markers ??= [];
        var values = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (iso3, value) in valueByIso3)
        {
            values[iso3] = value;
        }

        var scale = new ColourScale(values.Values);
        var countries = new StringBuilder(asset.Countries.Count * 900);
        var anyLink = markers.Any(m => m.Href is not null);
        foreach (var shape in shapes)
        {
            if (shape.Iso3 is not { } iso3)
            {
                AppendPath(countries, shape.D, ColourScale.NoDataFill, null, shape.Name);
                continue;
            }

            var value = values.GetValueOrDefault(iso3);
            var name = $"{shape.Name}: {labelFor(iso3, value)}";
            var href = linkFor(iso3);
            anyLink |= href is not null;
            AppendLinkStart(countries, href, name);
            AppendPath(countries, shape.D, scale.FillFor(value), iso3, name);
            AppendLinkEnd(countries, href);
        }

        var svg = new StringBuilder(countries.Length + 4000);
        OpenSvg(svg, title, DescribeChoropleth(values, labelFor), anyLink);
        svg.Append("<g stroke=\"#ffffff\" stroke-width=\"0.5\" stroke-linejoin=\"round\">").Append(countries).Append("</g>");
        AppendHighlight(svg, highlightIso3);
        AppendMarkers(svg, markers);
        AppendLegend(svg, scale.Legend(), legendFormat);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Where a project is: the whole world, its host country filled and outlined, one marker.</summary>
    /// <param name="description">The map's text alternative; an English sentence naming the place by default.</param>
    /// <param name="markerRadius">In map units (the map is 960 wide).</param>
    public string RenderLocator(
        double latitude, double longitude, string label, string? highlightIso3, string? description = null, double markerRadius = 4.5)
    {
        var host = highlightIso3 is not null && nameByIso3.TryGetValue(highlightIso3, out var hostName) ? hostName : null;
        var where = string.Create(Invariant,
            $"{Math.Abs(latitude):0.##}° {(latitude < 0 ? 'S' : 'N')}, {Math.Abs(longitude):0.##}° {(longitude < 0 ? 'W' : 'E')}");
        description ??= host is null ? $"{label} is marked at {where}."
            : HasShape(highlightIso3!) ? $"{label} is marked at {where}, in {host}, which is outlined."
            : $"{label} is marked at {where}, in {host}.";

        var svg = new StringBuilder(asset.Countries.Count * 900);
        OpenSvg(svg, label, description, interactive: false);
        svg.Append("<g stroke=\"#ffffff\" stroke-width=\"0.5\" stroke-linejoin=\"round\">");
        foreach (var shape in shapes)
        {
            var isHost = shape.Iso3 is not null && string.Equals(shape.Iso3, highlightIso3, StringComparison.OrdinalIgnoreCase);
            AppendPath(svg, shape.D, isHost ? ColourScale.Fills[3] : ColourScale.NoDataFill, shape.Iso3, shape.Name);
        }

        svg.Append("</g>");
        AppendHighlight(svg, highlightIso3);
        AppendMarkers(svg, [new MapMarker(latitude, longitude, label)], markerRadius);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// Places on a plain grey world: one marker each, a link where the marker has an <see cref="MapMarker.Href"/>
    /// (e.g. the projects of a result page), no legend.
    /// </summary>
    /// <param name="description">The map's text alternative; by default an English sentence naming every marker.</param>
    /// <param name="markerRadius">In map units (the map is 960 wide); larger than the locator's so markers stay visible on a small map.</param>
    public string RenderMarkers(IReadOnlyList<MapMarker> markers, string title, string? description = null, double markerRadius = 7)
    {
        description ??= markers.Count == 0
            ? "No place is marked."
            : $"{markers.Count} {(markers.Count == 1 ? "place is" : "places are")} marked: {string.Join("; ", markers.Select(m => m.Label))}.";

        var svg = new StringBuilder(asset.Countries.Count * 900);
        OpenSvg(svg, title, description, interactive: markers.Any(m => m.Href is not null));
        svg.Append("<g stroke=\"#ffffff\" stroke-width=\"0.5\" stroke-linejoin=\"round\">");
        foreach (var shape in shapes)
        {
            AppendPath(svg, shape.D, ColourScale.NoDataFill, shape.Iso3, shape.Name);
        }

        svg.Append("</g>");
        AppendMarkers(svg, markers, markerRadius);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>2.5 bn, 350 m, 12 k, 33: legend values without a unit (the page's heading gives it).</summary>
    public static string CompactNumber(decimal value) => Math.Abs(value) switch
    {
        >= 1_000_000_000m => (value / 1_000_000_000m).ToString("#,0.#", Invariant) + " bn",
        >= 1_000_000m => (value / 1_000_000m).ToString("0.#", Invariant) + " m",
        >= 10_000m => (value / 1_000m).ToString("0.#", Invariant) + " k",
        _ => value.ToString("#,0.##", Invariant),
    };

    private string DescribeChoropleth(Dictionary<string, decimal> values, Func<string, decimal, string> labelFor)
    {
        string Named(KeyValuePair<string, decimal> kv) =>
            $"{nameByIso3.GetValueOrDefault(kv.Key, kv.Key)} ({labelFor(kv.Key, kv.Value)})";

        var positive = values.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).ToList();
        if (positive.Count == 0)
        {
            return "No country has a value; every country is grey.";
        }

        var text = new StringBuilder()
            .Append(Invariant, $"{positive.Count} {(positive.Count == 1 ? "country has" : "countries have")} a value; ")
            .Append("darker blue means more, grey means none. Highest: ")
            .AppendJoin("; ", positive.Take(5).Select(Named))
            .Append('.');
        var unseen = positive.Where(kv => !HasShape(kv.Key) && nameByIso3.ContainsKey(kv.Key)).ToList();
        if (unseen.Count > 0)
        {
            text.Append(" Too small to draw at this scale: ").AppendJoin("; ", unseen.Select(Named)).Append('.');
        }

        return text.ToString();
    }

    private void OpenSvg(StringBuilder svg, string title, string description, bool interactive)
    {
        // Unique per render, so two maps on one page keep their own title, description and styles.
        var id = "world-map-" + Interlocked.Increment(ref renderCount).ToString(Invariant);

        // role="img" hides its children from assistive technology, which would hide the country links;
        // a map with links is a labelled group instead.
        svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" class=\"world-map\" id=\"{id}\" ")
            .Append(interactive ? "role=\"group\"" : "role=\"img\"")
            .Append(Invariant, $" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\">")
            .Append(Invariant, $"<title id=\"{id}-title\">").Append(Text(title)).Append("</title>")
            .Append(Invariant, $"<desc id=\"{id}-desc\">").Append(Text(description)).Append("</desc>");
        svg.Append("<path d=\"").Append(asset.Sphere).Append("\" fill=\"#f4f8fb\" stroke=\"#b8c2cc\" stroke-width=\"0.75\" aria-hidden=\"true\"/>");
    }

    private static void AppendPath(StringBuilder svg, string d, string fill, string? iso3, string title)
    {
        svg.Append("<path d=\"").Append(d).Append("\" fill=\"").Append(fill).Append('"');
        if (iso3 is not null)
        {
            svg.Append(" data-iso3=\"").Append(Text(iso3)).Append('"');
        }

        svg.Append("><title>").Append(Text(title)).Append("</title></path>");
    }

    private static void AppendLinkStart(StringBuilder svg, string? href, string name)
    {
        if (href is not null)
        {
            svg.Append("<a href=\"").Append(Text(href)).Append("\" aria-label=\"").Append(Text(name)).Append("\">");
        }
    }

    private static void AppendLinkEnd(StringBuilder svg, string? href)
    {
        if (href is not null)
        {
            svg.Append("</a>");
        }
    }

    // Drawn again on top of every country so no neighbour's border covers the outline.
    private void AppendHighlight(StringBuilder svg, string? iso3)
    {
        if (iso3 is not null && PathFor(iso3) is { } d)
        {
            svg.Append("<path d=\"").Append(d).Append("\" fill=\"none\" stroke=\"").Append(AccentColour)
                .Append("\" stroke-width=\"1.5\" stroke-linejoin=\"round\" pointer-events=\"none\" aria-hidden=\"true\" data-highlight=\"")
                .Append(Text(iso3.ToUpperInvariant())).Append("\"/>");
        }
    }

    private void AppendMarkers(StringBuilder svg, IReadOnlyList<MapMarker> markers, double radius = 4.5)
    {
        foreach (var marker in markers)
        {
            var (x, y) = Project(marker.Latitude, marker.Longitude);
            AppendLinkStart(svg, marker.Href, marker.Label);
            svg.Append(Invariant, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{radius:0.#}\" fill=\"{AccentColour}\" stroke=\"#ffffff\" stroke-width=\"1.5\" class=\"marker\">")
                .Append("<title>").Append(Text(marker.Label)).Append("</title></circle>");
            AppendLinkEnd(svg, marker.Href);
        }
    }

    // Bottom left, over the South Pacific, where the map has only open sea.
    private static void AppendLegend(StringBuilder svg, IReadOnlyList<MapLegendEntry> entries, Func<decimal, string> format)
    {
        const int rowHeight = 17;
        var rows = entries.Count + 1;
        var top = 490 - rows * rowHeight - 8;
        svg.Append(Invariant, $"<g class=\"legend\" font-size=\"11\" fill=\"{InkColour}\">")
            .Append(Invariant, $"<rect x=\"8\" y=\"{top}\" width=\"150\" height=\"{rows * rowHeight + 8}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#d7dde4\"/>");
        var y = top + 6;
        foreach (var entry in entries.Reverse().Append(null))
        {
            var fill = entry?.Fill ?? ColourScale.NoDataFill;
            var label = entry is null ? "none"
                : entry.Min == entry.Max ? format(entry.Min)
                : $"{format(entry.Min)} – {format(entry.Max)}";
            svg.Append(Invariant, $"<rect x=\"16\" y=\"{y}\" width=\"18\" height=\"12\" fill=\"{fill}\" stroke=\"#8894a0\" stroke-width=\"0.5\"/>")
                .Append(Invariant, $"<text x=\"40\" y=\"{y + 10}\">").Append(Text(label)).Append("</text>");
            y += rowHeight;
        }

        svg.Append("</g>");
    }

    // HTML encoding that is also valid XML: C0 controls cannot appear in XML 1.0 even as character references.
    private static string Text(string value)
    {
        var clean = value.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r'))
            ? new string(value.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray())
            : value;
        return WebUtility.HtmlEncode(clean);
    }
}
