using System.Xml.Linq;
using CapacityCoop.Web.Features.Charts;
using Microsoft.AspNetCore.Html;

namespace CapacityCoop.Tests.Features.Charts;

public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return XElement.Parse(writer.ToString());
    }

    private static IReadOnlyList<ChartBar> Years(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(y => new ChartBar(y.ToString(), y - from, $"{y - from} bn")).ToList();

    [Fact]
    public void Vertical_chart_is_a_labelled_responsive_image_with_a_tooltip_per_bar()
    {
        var svg = Parse(SvgCharts.VerticalBars("vby", "Value by year", "Three years", Years(2014, 2016), v => v.ToString()));

        svg.Name.ShouldBe(Svg + "svg");
        svg.Attribute("role")!.Value.ShouldBe("img");
        svg.Attribute("aria-labelledby")!.Value.ShouldBe("vby-title vby-desc");
        svg.Attribute("width")!.Value.ShouldBe("100%");
        svg.Attribute("viewBox")!.Value.ShouldStartWith("0 0 ");
        svg.Element(Svg + "title")!.Value.ShouldBe("Value by year");
        svg.Element(Svg + "title")!.Attribute("id")!.Value.ShouldBe("vby-title");
        svg.Element(Svg + "desc")!.Value.ShouldBe("Three years");
        svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "chart-bar")
            .Select(g => g.Element(Svg + "title")!.Value).ShouldBe(["2014: 0 bn", "2015: 1 bn", "2016: 2 bn"]);
    }

    [Fact]
    public void Text_is_encoded_so_labels_cannot_inject_markup()
    {
        var bars = new[] { new ChartBar("<script>alert(1)</script>", 1, "A & B") };
        var html = new StringWriter();
        SvgCharts.HorizontalBars("x\"y", "<b>title</b>", "desc & more", bars).WriteTo(html, System.Text.Encodings.Web.HtmlEncoder.Default);

        html.ToString().ShouldNotContain("<script>");
        html.ToString().ShouldNotContain("<b>");
        html.ToString().ShouldContain("&lt;script&gt;");
        var svg = XElement.Parse(html.ToString());
        svg.Element(Svg + "title")!.Value.ShouldBe("<b>title</b>");
        svg.Attribute("id")!.Value.ShouldBe("x\"y");
    }

    [Fact]
    public void Chinese_text_stays_readable()
    {
        var svg = Parse(SvgCharts.HorizontalBars("c", "按行业统计", "钢铁 1", [new ChartBar("钢铁", 1, "236亿美元")]));

        svg.Descendants(Svg + "text").Select(t => t.Value).ShouldBe(["钢铁", "236亿美元"]);
    }

    [Fact]
    public void Year_labels_thin_out_when_there_are_many_years_but_every_bar_keeps_its_tooltip()
    {
        var svg = Parse(SvgCharts.VerticalBars("v", "t", "d", Years(1980, 2026), v => v.ToString()));

        var yearLabels = svg.Descendants(Svg + "text").Where(t => t.Attribute("text-anchor")?.Value == "middle").Select(t => t.Value).ToList();
        yearLabels.Count.ShouldBeLessThan(47);
        yearLabels.Count.ShouldBeGreaterThan(5);
        yearLabels[0].ShouldBe("1980");
        svg.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "chart-bar").ShouldBe(47);
    }

    [Fact]
    public void Long_labels_are_shortened_with_the_whole_label_in_the_tooltip()
    {
        var label = "Shipbuilding & ocean engineering and a great deal more besides";
        var svg = Parse(SvgCharts.HorizontalBars("h", "t", "d", [new ChartBar(label, 3, "3")]));

        var bar = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "chart-bar");
        bar.Element(Svg + "title")!.Value.ShouldBe($"{label}: 3");
        var shown = bar.Elements(Svg + "text").First().Value;
        shown.ShouldEndWith("…");
        label.ShouldStartWith(shown.TrimEnd('…'));
    }

    [Fact]
    public void Bars_are_as_long_as_their_values_say()
    {
        var svg = Parse(SvgCharts.HorizontalBars("h", "t", "d", [new ChartBar("a", 4, "4"), new ChartBar("b", 2, "2"), new ChartBar("c", 0, "0")]));

        var widths = svg.Descendants(Svg + "rect").Where(r => r.Attribute("fill")!.Value != "transparent")
            .Select(r => double.Parse(r.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        widths.Count.ShouldBe(3);
        widths[1].ShouldBe(widths[0] / 2, 0.2);
        widths[2].ShouldBe(0);
    }

    [Fact]
    public void Empty_and_all_zero_series_draw_without_error()
    {
        Parse(SvgCharts.VerticalBars("e", "t", "d", [], v => v.ToString())).Attribute("role")!.Value.ShouldBe("img");
        Parse(SvgCharts.VerticalBars("z", "t", "d", Years(2020, 2020), v => v.ToString()))
            .Descendants(Svg + "rect").ShouldAllBe(r => r.Attribute("height")!.Value != "NaN");
        Parse(SvgCharts.HorizontalBars("h", "t", "d", [])).Attribute("role")!.Value.ShouldBe("img");
    }

    [Theory]
    [InlineData(0, new[] { 0, 1 })]
    [InlineData(1, new[] { 0, 1 })]
    [InlineData(3, new[] { 0, 1, 2, 3 })]
    [InlineData(9, new[] { 0, 5, 10 })]
    [InlineData(1191, new[] { 0, 500, 1000, 1500 })]
    public void Axis_ticks_are_round_whole_numbers_covering_the_largest_value(int max, int[] expected)
    {
        SvgCharts.NiceTicks(max).ShouldBe(expected.Select(e => (decimal)e));
    }

    [Fact]
    public void Axis_ticks_for_billions()
    {
        SvgCharts.NiceTicks(23_600_000_000m).ShouldBe([0m, 10_000_000_000m, 20_000_000_000m, 30_000_000_000m]);
    }
}
