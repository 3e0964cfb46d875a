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
    public DateTimeOffset At { get; set; }
    public JsonDocument? Before { get; set; }
    public JsonDocument? After { get; set; }
}
