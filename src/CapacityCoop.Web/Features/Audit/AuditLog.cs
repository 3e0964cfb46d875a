using System.Text.Json;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Audit;

/// <summary>Writes and reads the audit trail. Entries are added to the caller's unit of work, so they commit with the change.</summary>
public static class AuditLog
{
    public static void Record<TSnapshot>(PortalDbContext db, string entityType, long id, string action, Actor actor, TSnapshot? before, TSnapshot? after)
        where TSnapshot : class => db.AuditEntries.Add(new AuditEntry
        {
            EntityType = entityType,
            EntityId = id,
            Action = action,
            Actor = actor.Name,
            ActorId = actor.Id,
            Note = actor.Note,
            At = DateTimeOffset.UtcNow,
            Before = before is null ? null : JsonSerializer.SerializeToDocument(before, ApiResults.Json),
            After = after is null ? null : JsonSerializer.SerializeToDocument(after, ApiResults.Json),
        });

    public static async Task<IReadOnlyList<AuditEntryDto>> HistoryAsync(PortalDbContext db, string entityType, long id, CancellationToken cancellationToken)
    {
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == entityType && e.EntityId == id)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return entries.Select(e => new AuditEntryDto(e.Id, e.Action, e.Actor, e.At, e.Note, Changes(e.Before, e.After))).ToList();
    }

    /// <summary>The top-level fields whose values differ between two snapshots.</summary>
    public static IReadOnlyList<FieldChangeDto> Changes(JsonDocument? before, JsonDocument? after)
    {
        var old = Properties(before);
        var @new = Properties(after);
        return old.Keys.Union(@new.Keys)
            .Select(field => (field, before: old.GetValueOrDefault(field), after: @new.GetValueOrDefault(field)))
            .Where(c => !JsonEquals(c.before, c.after))
            .Select(c => new FieldChangeDto(c.field, c.before, c.after))
            .ToList();
    }

    private static Dictionary<string, JsonElement?> Properties(JsonDocument? document) =>
        document?.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                .ToDictionary(p => p.Name, p => (JsonElement?)p.Value.Clone())
            : [];

    private static bool JsonEquals(JsonElement? a, JsonElement? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => JsonElement.DeepEquals(x, y),
            _ => false,
        };
}
