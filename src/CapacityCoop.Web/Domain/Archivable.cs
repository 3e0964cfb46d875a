namespace CapacityCoop.Web.Domain;

/// <summary>A record that is archived rather than deleted: it leaves lists and totals but stays readable, with its history.</summary>
public interface IArchivable
{
    DateTimeOffset? ArchivedAt { get; set; }
}

/// <summary>A record that keeps the time of its last change.</summary>
public interface ITimestamped
{
    DateTimeOffset UpdatedAt { get; set; }
}
