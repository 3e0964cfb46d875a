namespace CapacityCoop.Web.Data;

/// <summary>Names shared by the full-text search columns on agreements and projects.</summary>
public static class FullText
{
    /// <summary>Shadow property (column search_vector): a stored tsvector over title/name and summary, GIN-indexed.</summary>
    public const string SearchVector = "SearchVector";

    public const string Configuration = "english";
}
