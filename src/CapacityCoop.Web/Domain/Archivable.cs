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

/// <summary>A record with a database id and a stable, human-readable slug.</summary>
public interface ISlugged
{
    long Id { get; }
    string Slug { get; set; }
}
