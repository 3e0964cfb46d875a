using System.Globalization;
using System.Text.RegularExpressions;

namespace CapacityCoop.Web.Features.Staff;

/// <summary>
/// When two records are probably the same deal or project entered twice: the same parties (or host country), titles
/// that share most of their words, and dates within a year of each other (or a date missing on one side).
/// </summary>
public static partial class LikelyDuplicates
{
    public const double TitleSimilarityThreshold = 0.6;
    public const int DateWindowDays = 366;

    /// <summary>How alike two titles are, 0 to 1: shared words over all words (case, accents and punctuation ignored).</summary>
    public static double TitleSimilarity(string a, string b)
    {
        var left = Words(a);
        var right = Words(b);
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }

        return (double)left.Intersect(right).Count() / left.Union(right).Count();
    }

    public static bool SimilarTitles(string a, string b) =>
        Normalise(a) == Normalise(b) || TitleSimilarity(a, b) >= TitleSimilarityThreshold;

    public static bool CloseDates(DateOnly? a, DateOnly? b) =>
        a is not { } x || b is not { } y || Math.Abs(x.DayNumber - y.DayNumber) <= DateWindowDays;

    /// <summary>The form used to call two titles the same: lower case, letters and digits, single spaces.</summary>
    public static string Normalise(string text) =>
        string.Join(' ', Words(text));

    private static List<string> Words(string text)
    {
        var decomposed = text.ToLower(CultureInfo.InvariantCulture).Normalize(System.Text.NormalizationForm.FormD);
        var plain = new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
        return NonWord().Split(plain).Where(w => w.Length > 0 && !StopWords.Contains(w)).Distinct().ToList();
    }

    private static readonly HashSet<string> StopWords = ["the", "a", "an", "of", "on", "and", "for", "in", "to", "with", "between"];

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();
}
