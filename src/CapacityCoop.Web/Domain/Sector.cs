namespace CapacityCoop.Web.Domain;

public sealed class Sector
{
    public required string Code { get; set; }
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }

    /// <summary>One of the 12 focus sectors of the State Council's May 2015 guideline.</summary>
    public bool IsFocusSector { get; set; }

    public int SortOrder { get; set; }
}
