using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CapacityCoop.Web.Data.Seed;
using CapacityCoop.Web.Features.Maps;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Features.Maps;

public sealed class WorldMapTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly Lazy<WorldMap> Loaded = new(() => WorldMap.Load());

    private static WorldMap Map => Loaded.Value;

    // Expected values computed in node with d3-geo 3.1.2:
    // geoNaturalEarth1().fitExtent([[5,5],[955,495]], {type:"Sphere"})([longitude, latitude])
    [Theory]
    [InlineData(3.97, 103.38, 750.4042, 237.9781)] // Kuantan
    [InlineData(39.9042, 116.4074, 761.1930, 128.7297)] // Beijing
    [InlineData(51.1694, 71.4491, 642.7171, 95.1773)] // Astana
    [InlineData(-15.7939, -47.8828, 356.1200, 297.8770)] // Brasília
    [InlineData(-33.8688, 151.2093, 854.0755, 352.9379)] // Sydney
    public void Projection_matches_what_d3_computes_for_the_same_point(double latitude, double longitude, double x, double y)
    {
        var (actualX, actualY) = Map.Project(latitude, longitude);

        actualX.ShouldBe(x, 0.05);
        actualY.ShouldBe(y, 0.05);
    }

    [Fact]
    public void Longitudes_beyond_the_antimeridian_wrap_as_in_d3()
    {
        var (x, y) = Map.Project(3.97, 103.38 - 360);

        x.ShouldBe(750.4042, 0.05);
        y.ShouldBe(237.9781, 0.05);
        Should.Throw<ArgumentOutOfRangeException>(() => Map.Project(91, 0));
    }

    [Fact]
    public void Asset_has_every_country_at_this_scale_and_each_numeric_code_is_in_countries_csv()
    {
        var countries = CsvRows.Read(Path.Combine(SeedLoader.DefaultFolder, "countries.csv")).Select(r => r["iso3"]).ToHashSet();

        Map.Width.ShouldBe(960);
        Map.Height.ShouldBe(500);
        Map.Source.ShouldContain("Natural Earth");
        Map.Iso3WithShapes.Count.ShouldBeGreaterThanOrEqualTo(170);
        Map.UnmatchedShapes.ShouldBeEmpty();
        Map.Iso3WithShapes.ShouldAllBe(iso3 => countries.Contains(iso3));
        foreach (var iso3 in new[] { "FRA", "NOR", "CHN", "KAZ", "MYS", "BRA", "PAK", "LAO", "RUS", "FJI" })
        {
            Map.HasShape(iso3).ShouldBeTrue(iso3);
        }

        Map.HasShape("SGP").ShouldBeFalse("Singapore is below the 1:110m threshold");
    }

    [Fact]
    public void Asset_stays_small_enough_to_ship_in_the_repository()
    {
        new FileInfo(WorldMap.DefaultAssetPath).Length.ShouldBeLessThan(300 * 1024);
    }

    [Fact]
    public void Choropleth_is_an_accessible_svg_that_parses_as_xml()
    {
        var svg = Parse(RenderSample());

        svg.Name.ShouldBe(Svg + "svg");
        svg.Attribute("viewBox")!.Value.ShouldBe("0 0 960 500");
        svg.Attribute("role")!.Value.ShouldBe("group");
        var labelledBy = svg.Attribute("aria-labelledby")!.Value.Split(' ');
        svg.Element(Svg + "title")!.Attribute("id")!.Value.ShouldBe(labelledBy[0]);
        svg.Element(Svg + "title")!.Value.ShouldBe("Agreements by partner country");
        svg.Element(Svg + "desc")!.Attribute("id")!.Value.ShouldBe(labelledBy[1]);
        svg.Element(Svg + "desc")!.Value.ShouldContain("Highest: Kazakhstan (23.6)");
        Country(svg, "KAZ").Element(Svg + "title")!.Value.ShouldBe("Kazakhstan: 23.6");
        Country(svg, "DEU").Element(Svg + "title")!.Value.ShouldBe("Germany: 0");
    }

    [Fact]
    public void The_largest_value_gets_the_darkest_fill_and_an_absent_country_the_grey_one()
    {
        var svg = Parse(RenderSample());

        Country(svg, "KAZ").Attribute("fill")!.Value.ShouldBe(ColourScale.Fills[^1]);
        Country(svg, "DEU").Attribute("fill")!.Value.ShouldBe(ColourScale.NoDataFill);
        Country(svg, "CHL").Attribute("fill")!.Value.ShouldBe(ColourScale.Fills[0]);
        Country(svg, "ZAF").Attribute("fill")!.Value.ShouldBe(ColourScale.NoDataFill, "zero is drawn as none");
        var fills = svg.Descendants(Svg + "path").Where(p => p.Attribute("data-iso3") is not null)
            .Select(p => p.Attribute("fill")!.Value).Distinct().ToList();
        fills.Count.ShouldBe(7, "six classes and grey");
    }

    [Fact]
    public void Legend_shows_each_class_with_the_values_it_holds_and_a_grey_swatch_for_none()
    {
        var scale = new ColourScale(SampleValues.Values);
        var legend = scale.Legend();

        legend.Count.ShouldBe(6);
        legend[0].ShouldBe(new MapLegendEntry(ColourScale.Fills[0], 0.5m, 0.8m));
        legend[^1].Max.ShouldBe(23.6m);
        var texts = Parse(RenderSample()).Descendants(Svg + "g")
            .Single(g => g.Attribute("class")?.Value == "legend").Elements(Svg + "text").Select(t => t.Value).ToList();
        texts.First().ShouldBe("20 – 23.6");
        texts.Last().ShouldBe("none");
        texts.Count.ShouldBe(7);
    }

    [Fact]
    public void Countries_with_a_link_are_wrapped_in_an_anchor_and_others_are_not()
    {
        var svg = Parse(RenderSample());

        var kazakhstan = Country(svg, "KAZ").Parent!;
        kazakhstan.Name.ShouldBe(Svg + "a");
        kazakhstan.Attribute("href")!.Value.ShouldBe("/countries/KAZ");
        kazakhstan.Attribute("aria-label")!.Value.ShouldBe("Kazakhstan: 23.6");
        Country(svg, "DEU").Parent!.Name.ShouldBe(Svg + "g");
        svg.Descendants(Svg + "a").Count().ShouldBe(SampleValues.Count(kv => Map.HasShape(kv.Key)));
    }

    [Fact]
    public void Text_and_links_are_encoded_so_markup_in_labels_cannot_break_the_svg()
    {
        var markup = Map.RenderChoropleth(
            new Dictionary<string, decimal> { ["MYS"] = 1m },
            iso3 => $"/countries/{iso3}?a=1&b=\"2\"",
            (_, _) => "<script>alert('x')</script> & <b>",
            "Title <with> & \"quotes\"\u0001",
            markers: [new MapMarker(3.97, 103.38, "Kuantan <steel> & co", "/projects/1?x=<y>")]);

        markup.ShouldNotContain("<script>");
        markup.ShouldNotContain("<b>");
        var svg = Parse(markup);
        svg.Element(Svg + "title")!.Value.ShouldBe("Title <with> & \"quotes\"");
        Country(svg, "MYS").Element(Svg + "title")!.Value.ShouldBe("Malaysia: <script>alert('x')</script> & <b>");
        Country(svg, "MYS").Parent!.Attribute("href")!.Value.ShouldBe("/countries/MYS?a=1&b=\"2\"");
        svg.Descendants(Svg + "circle").Single().Element(Svg + "title")!.Value.ShouldBe("Kuantan <steel> & co");
    }

    [Fact]
    public void A_marker_at_Kuantan_lands_inside_peninsular_Malaysia()
    {
        var svg = Parse(Map.RenderChoropleth(
            new Dictionary<string, decimal>(), _ => null, (_, _) => "", "Projects",
            markers: [new MapMarker(3.97, 103.38, "Kuantan steel plant", "/projects/kuantan")]));

        var circle = svg.Descendants(Svg + "circle").Single();
        var x = double.Parse(circle.Attribute("cx")!.Value, CultureInfo.InvariantCulture);
        var y = double.Parse(circle.Attribute("cy")!.Value, CultureInfo.InvariantCulture);
        var malaysia = Bounds(Map.PathFor("MYS")!);
        (x >= malaysia.MinX && x <= malaysia.MaxX && y >= malaysia.MinY && y <= malaysia.MaxY).ShouldBeTrue($"({x}, {y}) in {malaysia}");
        // Malaysia is two rings, the peninsula and northern Borneo; Kuantan is on the first.
        Map.PathFor("MYS")!.Split('M', StringSplitOptions.RemoveEmptyEntries).Select(ring => Bounds("M" + ring))
            .Count(b => x >= b.MinX && x <= b.MaxX && y >= b.MinY && y <= b.MaxY).ShouldBe(1);
        circle.Parent!.Attribute("href")!.Value.ShouldBe("/projects/kuantan");
    }

    [Fact]
    public void Highlight_outlines_one_country_on_top_of_the_others()
    {
        var svg = Parse(Map.RenderChoropleth(SampleValues, _ => null, (_, v) => v.ToString(CultureInfo.InvariantCulture), "Profile", highlightIso3: "kaz"));

        var outline = svg.Elements(Svg + "path").Single(p => p.Attribute("data-highlight") is not null);
        outline.Attribute("data-highlight")!.Value.ShouldBe("KAZ");
        outline.Attribute("d")!.Value.ShouldBe(Map.PathFor("KAZ"));
        outline.Attribute("fill")!.Value.ShouldBe("none");
        svg.Attribute("role")!.Value.ShouldBe("img", "a map without links is one image");
    }

    [Fact]
    public void Countries_too_small_for_the_map_are_named_in_the_description()
    {
        var svg = Parse(Map.RenderChoropleth(
            new Dictionary<string, decimal> { ["SGP"] = 5m, ["MYS"] = 2m }, _ => null, (_, v) => $"{v} projects", "Projects"));

        svg.Element(Svg + "desc")!.Value.ShouldBe(
            "2 countries have a value; darker blue means more, grey means none. Highest: Singapore (5 projects); Malaysia (2 projects). " +
            "Too small to draw at this scale: Singapore (5 projects).");
    }

    [Fact]
    public void Locator_shows_the_whole_world_with_the_host_country_and_one_marker()
    {
        var svg = Parse(Map.RenderLocator(3.97, 103.38, "Kuantan steel plant", "MYS"));

        svg.Attribute("role")!.Value.ShouldBe("img");
        svg.Attribute("viewBox")!.Value.ShouldBe("0 0 960 500");
        svg.Element(Svg + "desc")!.Value.ShouldBe("Kuantan steel plant is marked at 3.97° N, 103.38° E, in Malaysia, which is outlined.");
        Country(svg, "MYS").Attribute("fill")!.Value.ShouldNotBe(ColourScale.NoDataFill);
        Country(svg, "IDN").Attribute("fill")!.Value.ShouldBe(ColourScale.NoDataFill);
        svg.Descendants(Svg + "circle").Single().Element(Svg + "title")!.Value.ShouldBe("Kuantan steel plant");
        svg.Elements(Svg + "path").Single(p => p.Attribute("data-highlight") is not null).Attribute("data-highlight")!.Value.ShouldBe("MYS");
        svg.Descendants(Svg + "a").ShouldBeEmpty();
    }

    [Fact]
    public void Locator_in_a_country_too_small_to_draw_still_names_it()
    {
        var svg = Parse(Map.RenderLocator(1.29, 103.85, "Jurong park", "SGP"));

        svg.Element(Svg + "desc")!.Value.ShouldBe("Jurong park is marked at 1.29° N, 103.85° E, in Singapore.");
        svg.Elements(Svg + "path").ShouldNotContain(p => p.Attribute("data-highlight") != null);
        svg.Descendants(Svg + "circle").Count().ShouldBe(1);
    }

    [Fact]
    public void Locator_takes_a_description_in_the_page_language_and_a_larger_marker()
    {
        var svg = Parse(Map.RenderLocator(3.97, 103.38, "关丹钢铁厂", "MYS", "关丹钢铁厂标注于北纬3.97°，东经103.38°。", markerRadius: 7));

        svg.Element(Svg + "desc")!.Value.ShouldBe("关丹钢铁厂标注于北纬3.97°，东经103.38°。");
        svg.Descendants(Svg + "circle").Single().Attribute("r")!.Value.ShouldBe("7");
    }

    [Fact]
    public void Markers_map_is_a_grey_world_with_one_linked_marker_per_place_and_no_legend()
    {
        MapMarker[] markers =
        [
            new(3.9747, 103.3776, "Kuantan steel plant", "/projects/1"),
            new(17.9757, 102.6331, "China–Laos railway", "/projects/4"),
            new(-23.3053, -45.9658, "Chery <Brazil> plant", "/projects/3"),
        ];

        var svg = Parse(Map.RenderMarkers(markers, "Projects on this page"));

        svg.Attribute("role")!.Value.ShouldBe("group", "markers are links, so the map is a group, not an image");
        svg.Element(Svg + "title")!.Value.ShouldBe("Projects on this page");
        svg.Element(Svg + "desc")!.Value.ShouldBe("3 places are marked: Kuantan steel plant; China–Laos railway; Chery <Brazil> plant.");
        svg.Descendants(Svg + "path").Where(p => p.Attribute("data-iso3") is not null)
            .ShouldAllBe(p => p.Attribute("fill")!.Value == ColourScale.NoDataFill);
        svg.Descendants(Svg + "g").ShouldNotContain(g => (string?)g.Attribute("class") == "legend");
        var links = svg.Descendants(Svg + "a").ToList();
        links.Select(a => a.Attribute("href")!.Value).ShouldBe(["/projects/1", "/projects/4", "/projects/3"]);
        links.Select(a => a.Attribute("aria-label")!.Value).ShouldBe(markers.Select(m => m.Label));
        links.ShouldAllBe(a => a.Elements(Svg + "circle").Count() == 1);

        var (x, y) = Map.Project(3.9747, 103.3776);
        var kuantan = links[0].Element(Svg + "circle")!;
        double.Parse(kuantan.Attribute("cx")!.Value, CultureInfo.InvariantCulture).ShouldBe(x, 0.06);
        double.Parse(kuantan.Attribute("cy")!.Value, CultureInfo.InvariantCulture).ShouldBe(y, 0.06);
        kuantan.Attribute("r")!.Value.ShouldBe("7");
    }

    [Fact]
    public void Markers_map_without_links_is_an_image_and_may_be_described_by_the_caller()
    {
        var svg = Parse(Map.RenderMarkers([new MapMarker(24.8475, 66.7897, "KANUPP-2")], "One site", "本页1个项目有位置信息。"));

        svg.Attribute("role")!.Value.ShouldBe("img");
        svg.Element(Svg + "desc")!.Value.ShouldBe("本页1个项目有位置信息。");
        svg.Descendants(Svg + "a").ShouldBeEmpty();
        svg.Descendants(Svg + "circle").Count().ShouldBe(1);
    }

    [Fact]
    public void Features_without_an_iso_code_are_drawn_unshaded_with_their_name()
    {
        var svg = Parse(RenderSample());

        var kosovo = svg.Descendants(Svg + "path").Single(p => p.Element(Svg + "title")?.Value == "Kosovo");
        kosovo.Attribute("fill")!.Value.ShouldBe(ColourScale.NoDataFill);
        kosovo.Attribute("data-iso3").ShouldBeNull();
        kosovo.Parent!.Name.ShouldBe(Svg + "g");
    }

    [Fact]
    public void The_map_is_registered_once_as_a_singleton()
    {
        using var services = new ServiceCollection().AddWorldMap().BuildServiceProvider();

        services.GetRequiredService<WorldMap>().ShouldBeSameAs(services.GetRequiredService<WorldMap>());
    }

    private static readonly Dictionary<string, decimal> SampleValues = new()
    {
        ["KAZ"] = 23.6m, ["BRA"] = 20m, ["PAK"] = 10m, ["LAO"] = 7m, ["MYS"] = 5m, ["IDN"] = 4m,
        ["RUS"] = 3m, ["COL"] = 2m, ["PER"] = 1.5m, ["ETH"] = 1m, ["KEN"] = 0.8m, ["CHL"] = 0.5m, ["ZAF"] = 0m,
    };

    private static string RenderSample() => Map.RenderChoropleth(
        SampleValues,
        iso3 => SampleValues.ContainsKey(iso3) ? $"/countries/{iso3}" : null,
        (_, value) => value.ToString(CultureInfo.InvariantCulture),
        "Agreements by partner country");

    private static XElement Parse(string markup) => XDocument.Parse(markup).Root!;

    private static XElement Country(XElement svg, string iso3) =>
        svg.Descendants(Svg + "path").Single(p => p.Attribute("data-iso3")?.Value == iso3);

    private static (double MinX, double MinY, double MaxX, double MaxY) Bounds(string d)
    {
        var numbers = Regex.Matches(d, @"-?\d+(?:\.\d+)?").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        var xs = numbers.Where((_, i) => i % 2 == 0).ToList();
        var ys = numbers.Where((_, i) => i % 2 == 1).ToList();
        return (xs.Min(), ys.Min(), xs.Max(), ys.Max());
    }
}
