using System.Text.Json;

namespace CapacityCoop.Web.Domain;

/// <summary>Who changed which record, when, and the values before and after (as JSON documents).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string EntityType { get; set; }
    public long EntityId { get; set; }
    public required string Action { get; set; }
    public required string Actor { get; set; }

    /// <summary>The staff user's id (or "api-key:{id}") behind <see cref="Actor"/>; null for entries made before it was kept.</summary>
    public string? ActorId { get; set; }

    /// <summary>Context a reader of the history needs, e.g. "draft 12 by a@x.org, approved by b@x.org" or "import 3".</summary>
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
    public JsonDocument? Before { get; set; }
    public JsonDocument? After { get; set; }
}
