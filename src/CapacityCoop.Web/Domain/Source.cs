namespace CapacityCoop.Web.Domain;

/// <summary>A published document that backs a record: a news release, a speech, an article.</summary>
public sealed class Source
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Publisher { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public DatePrecision? PublishedOnPrecision { get; set; }
    public string? Url { get; set; }
    public string? Note { get; set; }

    public PartialDate? Published
    {
        get => PublishedOn is { } d && PublishedOnPrecision is { } p ? new PartialDate(d, p) : null;
        set => (PublishedOn, PublishedOnPrecision) = (value?.Date, value?.Precision);
    }
}
