namespace CapacityCoop.Web.Features.Maps;

/// <summary>
/// A six-step sequential scale over the positive values of a choropleth, with quantile breaks (as d3's
/// scaleQuantile): the values the portal maps are skewed (one framework worth US$23.6 billion beside MOUs worth
/// millions), and equal-count classes keep every class in use where linear breaks would leave most countries pale.
/// </summary>
public sealed class ColourScale
{
    /// <summary>ColorBrewer "Blues" (7 classes) without its lightest step, which is too close to the no-data grey.</summary>
    public static IReadOnlyList<string> Fills { get; } = ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"];

    /// <summary>Countries with no value, or a value of zero or less.</summary>
    public const string NoDataFill = "#dedede";

    private readonly decimal[] sorted;

    public ColourScale(IEnumerable<decimal> values)
    {
        sorted = values.Where(v => v > 0).Order().ToArray();
        Thresholds = sorted.Length == 0
            ? []
            : Enumerable.Range(1, Fills.Count - 1).Select(i => Quantile((decimal)i / Fills.Count)).ToArray();
    }

    /// <summary>The five breaks between the six classes; a value at or above a break belongs to the class above it.</summary>
    public IReadOnlyList<decimal> Thresholds { get; }

    /// <summary>How many positive values the scale was built from.</summary>
    public int Count => sorted.Length;

    /// <summary>0 (lightest) to 5 (darkest), or null for zero, negative or no value.</summary>
    public int? ClassOf(decimal value) => value > 0 && sorted.Length > 0 ? Thresholds.Count(t => t <= value) : null;

    public string FillFor(decimal value) => ClassOf(value) is { } i ? Fills[i] : NoDataFill;

    /// <summary>The classes that hold at least one value, lightest first, with the range of the values in each.</summary>
    public IReadOnlyList<MapLegendEntry> Legend() =>
        sorted.GroupBy(v => ClassOf(v)!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new MapLegendEntry(Fills[g.Key], g.Min(), g.Max()))
            .ToList();

    // R-7, the definition d3.quantile uses.
    private decimal Quantile(decimal p)
    {
        var h = (sorted.Length - 1) * p;
        var i = (int)Math.Floor(h);
        return i + 1 >= sorted.Length ? sorted[^1] : sorted[i] + (sorted[i + 1] - sorted[i]) * (h - i);
    }
}
