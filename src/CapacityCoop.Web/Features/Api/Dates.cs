using CapacityCoop.Web.Domain;

namespace CapacityCoop.Web.Features.Api;

public static class Dates
{
    /// <summary>A stored partial date as text at its precision ("2015", "2015-05", "2015-05-19").</summary>
    public static string? Text(DateOnly? date, DatePrecision? precision) =>
        date is { } d && precision is { } p ? new PartialDate(d, p).ToString() : null;

    /// <summary>"year", "month" or "day": what the record knows of the date beside it.</summary>
    public static string? PrecisionText(DatePrecision? precision) => precision?.ToString().ToLowerInvariant();
}

/// <summary>A cited source as read from a record's source link (agreements and projects alike).</summary>
internal sealed record SourceRow(long Id, string Title, string? Publisher, DateOnly? PublishedOn, DatePrecision? Precision, string? Url, string? Note)
{
    public SourceDto ToDto() => new(Id, Title, Publisher, Dates.Text(PublishedOn, Precision), Url, Note);
}
