namespace CapacityCoop.Web.Data;

/// <summary>
/// Stored sort keys for the lists' default order, newest first with undated records last. ORDER BY date DESC puts
/// NULLs first in PostgreSQL, and "date IS NULL, date DESC" cannot use a plain index; COALESCE(date, '-infinity') DESC
/// orders the same way and has an index (live records only), so a page of the newest records is read, not sorted.
/// </summary>
public static class ListOrder
{
    /// <summary>Shadow property of agreements: COALESCE(signed_on, '-infinity').</summary>
    public const string SignedOnKey = "SignedOnSortKey";

    /// <summary>Shadow property of projects: COALESCE(construction_start_on, '-infinity').</summary>
    public const string ConstructionStartOnKey = "ConstructionStartOnSortKey";
}
