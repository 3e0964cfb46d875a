using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace CapacityCoop.Web.Features.Charts;

/// <summary>One bar: what it stands for, its size, and the figure as the reader should see it ("US$23.6 bn", "236亿美元").</summary>
public sealed record ChartBar(string Label, decimal Value, string ValueText);

/// <summary>
/// Bar charts as inline SVG, drawn on the server: no JavaScript, no library, readable without CSS. Each chart is an
/// image to assistive technology (<c>role="img"</c> named by its title and description); every bar carries a
/// <c>&lt;title&gt;</c> tooltip with its figure. A chart never stands alone: the page puts the same numbers in a
/// table beside it. Text is HTML-encoded here, so callers pass plain strings.
/// </summary>
/// <remarks>
/// Sizes are in viewBox units and the SVG scales to its container (width 100%); a unit is about a CSS pixel at the
/// width the portal's CSS gives charts, so 15-unit text reads as 15px there. Colours meet WCAG contrast on white:
/// bars #0b5cad (6.5:1, 3:1 is needed for graphics), text #1b2430, axis labels #55606e (6.4:1).
/// </remarks>
public static class SvgCharts
{
    private const int Width = 720;
    private const int FontSize = 15;
    private const string BarColour = "#0b5cad";
    private const string TextColour = "#1b2430";
    private const string MutedColour = "#55606e";
    private const string GridColour = "#d7dde4";

    /// <summary>
    /// A vertical bar chart for a series in order (years): a value axis with round gridlines labelled by
    /// <paramref name="axisText"/>, and category labels thinned out when they would collide.
    /// </summary>
    public static IHtmlContent VerticalBars(string id, string title, string description, IReadOnlyList<ChartBar> bars, Func<decimal, string> axisText)
    {
        const int height = 320, top = 16, bottom = 40, right = 12;
        var ticks = NiceTicks(bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var left = Math.Clamp(ticks.Max(t => TextWidth(axisText(t))) + 14, 48, 200);
        var plotWidth = Width - left - right;
        var plotHeight = height - top - bottom;
        var max = ticks[^1];

        var svg = Open(id, title, description, Width, height);

        // Gridlines and value labels first, so the bars draw over them.
        svg.Append("<g class=\"chart-axis\" aria-hidden=\"true\">");
        foreach (var tick in ticks)
        {
            var y = top + plotHeight - Scale(tick, max, plotHeight);
            svg.Append(Invariant($"<line x1=\"{left}\" x2=\"{Width - right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{(tick == 0 ? MutedColour : GridColour)}\" stroke-width=\"1\"/>"));
            svg.Append(Invariant($"<text x=\"{left - 8}\" y=\"{y + FontSize * 0.35:0.#}\" text-anchor=\"end\" fill=\"{MutedColour}\">{Encode(axisText(tick))}</text>"));
        }

        svg.Append("</g>");

        if (bars.Count > 0)
        {
            var slot = plotWidth / (double)bars.Count;
            var barWidth = Math.Clamp(slot * 0.7, 1, 56);

            // A label every n-th bar, so that labels (years: four digits) keep a gap between them.
            var widest = bars.Max(b => TextWidth(b.Label));
            var every = (int)Math.Ceiling((widest + 8) / slot);
            for (var i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                var x = left + i * slot + (slot - barWidth) / 2;
                var h = Scale(bar.Value, max, plotHeight);
                var y = top + plotHeight - h;
                svg.Append("<g class=\"chart-bar\">");
                svg.Append(Invariant($"<title>{Encode(bar.Label)}: {Encode(bar.ValueText)}</title>"));

                // An invisible full-height target, so that even a zero or tiny bar has a tooltip.
                svg.Append(Invariant($"<rect x=\"{left + i * slot:0.#}\" y=\"{top}\" width=\"{slot:0.#}\" height=\"{plotHeight}\" fill=\"transparent\"/>"));
                svg.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{barWidth:0.#}\" height=\"{h:0.#}\" fill=\"{BarColour}\"/>"));
                svg.Append("</g>");
                if (i % every == 0)
                {
                    svg.Append(Invariant($"<text x=\"{x + barWidth / 2:0.#}\" y=\"{top + plotHeight + FontSize + 8}\" text-anchor=\"middle\" fill=\"{TextColour}\" aria-hidden=\"true\">{Encode(bar.Label)}</text>"));
                }
            }
        }

        return Close(svg);
    }

    /// <summary>
    /// A horizontal bar chart for ranked categories (sectors, countries): the label left of each bar, its figure at
    /// the bar's end. Long labels are shortened with an ellipsis; the bar's tooltip has the whole label.
    /// </summary>
    public static IHtmlContent HorizontalBars(string id, string title, string description, IReadOnlyList<ChartBar> bars)
    {
        const int row = 32, barHeight = 20, top = 8, bottom = 8, labelRoom = 260, gap = 10;
        var height = top + bottom + Math.Max(1, bars.Count) * row;
        var labels = bars.Select(b => Shorten(b.Label, labelRoom)).ToList();
        var left = bars.Count == 0 ? 80 : Math.Clamp(labels.Max(TextWidth) + gap + 4, 80, labelRoom + gap);
        var valueRoom = bars.Count == 0 ? 0 : Math.Min(220, bars.Max(b => TextWidth(b.ValueText)) + gap + 4);
        var plotWidth = Width - left - valueRoom - 4;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);

        var svg = Open(id, title, description, Width, height);
        svg.Append(Invariant($"<line x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{height - bottom}\" stroke=\"{MutedColour}\" stroke-width=\"1\" aria-hidden=\"true\"/>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + i * row + (row - barHeight) / 2.0;
            var w = Scale(bar.Value, max, plotWidth);
            var baseline = y + barHeight / 2.0 + FontSize * 0.35;
            svg.Append("<g class=\"chart-bar\">");
            svg.Append(Invariant($"<title>{Encode(bar.Label)}: {Encode(bar.ValueText)}</title>"));
            svg.Append(Invariant($"<rect x=\"0\" y=\"{top + i * row}\" width=\"{Width}\" height=\"{row}\" fill=\"transparent\"/>"));
            svg.Append(Invariant($"<text x=\"{left - gap}\" y=\"{baseline:0.#}\" text-anchor=\"end\" fill=\"{TextColour}\">{Encode(labels[i])}</text>"));
            svg.Append(Invariant($"<rect x=\"{left + 1}\" y=\"{y:0.#}\" width=\"{w:0.#}\" height=\"{barHeight}\" fill=\"{BarColour}\"/>"));
            svg.Append(Invariant($"<text x=\"{left + 1 + w + 6:0.#}\" y=\"{baseline:0.#}\" fill=\"{TextColour}\">{Encode(bar.ValueText)}</text>"));
            svg.Append("</g>");
        }

        return Close(svg);
    }

    /// <summary>Round axis values from zero to at least <paramref name="max"/>: 0, 5, 10 or 0, 2 bn, 4 bn ... (two to five steps, each a whole number when the maximum is at least 1).</summary>
    public static IReadOnlyList<decimal> NiceTicks(decimal max)
    {
        if (max <= 0)
        {
            return [0m, 1m];
        }

        var rough = (double)max / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (decimal)(new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(s => s >= rough));
        if (max >= 1 && step < 1)
        {
            step = 1;
        }

        var ticks = new List<decimal>();
        for (var tick = 0m; ; tick += step)
        {
            ticks.Add(tick);
            if (tick >= max)
            {
                break;
            }
        }

        return ticks;
    }

    /// <summary>
    /// An estimate of a text's width in viewBox units at the chart's font size: CJK characters take a full em, other
    /// characters about 0.58 em (a system sans-serif's average, generous for digits). Good enough to lay out labels.
    /// </summary>
    internal static double TextWidth(string text)
    {
        double ems = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            ems += IsWide(rune) ? 1.0 : 0.58;
        }

        return ems * FontSize;
    }

    internal static string Shorten(string text, double room)
    {
        if (TextWidth(text) <= room)
        {
            return text;
        }

        var result = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (TextWidth(result + rune.ToString() + "…") > room)
            {
                break;
            }

            result.Append(rune.ToString());
        }

        return result.ToString().TrimEnd() + "…";
    }

    private static bool IsWide(Rune rune) => rune.Value is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
        or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x20000;

    private static double Scale(decimal value, decimal max, double length) =>
        max <= 0 || value <= 0 ? 0 : (double)(value / max) * length;

    private static StringBuilder Open(string id, string title, string description, int width, int height)
    {
        var svg = new StringBuilder(4096);
        svg.Append(Invariant($"<svg class=\"chart\" id=\"{Encode(id)}\" role=\"img\" aria-labelledby=\"{Encode(id)}-title {Encode(id)}-desc\" "));
        svg.Append(Invariant($"viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" "));
        svg.Append(Invariant($"font-family=\"system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif\" font-size=\"{FontSize}\" xmlns=\"http://www.w3.org/2000/svg\">"));
        svg.Append(Invariant($"<title id=\"{Encode(id)}-title\">{Encode(title)}</title>"));
        svg.Append(Invariant($"<desc id=\"{Encode(id)}-desc\">{Encode(description)}</desc>"));
        return svg;
    }

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    /// <summary>HTML encoding that leaves Chinese readable (unlike the Razor encoder's numeric references) and escapes markup.</summary>
    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
