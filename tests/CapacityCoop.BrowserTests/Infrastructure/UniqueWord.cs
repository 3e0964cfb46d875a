namespace CapacityCoop.BrowserTests.Infrastructure;

/// <summary>Made-up words for titles, so that a test finds exactly its own records by full-text search whatever else the database holds.</summary>
public static class UniqueWord
{
    private const string Letters = "bcdfghjklmnpqrstvwxz";
    private const string Vowels = "aeiou";

    /// <summary>Letters only (the search's English stemmer leaves such a word alone), such as "zobakiremo".</summary>
    public static string Next()
    {
        var chars = new char[10];
        chars[0] = 'z';
        for (var i = 1; i < chars.Length; i++)
        {
            chars[i] = i % 2 == 1 ? Vowels[Random.Shared.Next(Vowels.Length)] : Letters[Random.Shared.Next(Letters.Length)];
        }

        return new string(chars);
    }
}
