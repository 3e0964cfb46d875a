namespace CapacityCoop.Web.Domain;

/// <summary>A company, ministry, fund or bank; optionally tied to the country it belongs to.</summary>
public sealed class Organisation : IArchivable, ISlugged
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? NameZh { get; set; }
    public required string Kind { get; set; }
    public string? CountryIso3 { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>PostgreSQL's xmin, used as the optimistic-concurrency token.</summary>
    public uint Version { get; set; }

    public Country? Country { get; set; }
}
