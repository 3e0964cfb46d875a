using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Pages.Manage;

/// <summary>
/// Every audit entry of one record, newest first: when, who (name and account id), what, the note (which draft,
/// who published it) and each changed field from what to what. Archived records have a history too.
/// </summary>
public sealed class HistoryModel(PortalDbContext db, DraftWorkflow workflow) : PageModel
{
    public string? Type { get; private set; }

    public long? Id { get; private set; }

    /// <summary>Null when the type or id names no record: the page shows its not-found text with status 404.</summary>
    public StoredRecord? Record { get; private set; }

    /// <summary>The entries, newest first.</summary>
    public IReadOnlyList<AuditEntryDto> Entries { get; private set; } = [];

    /// <summary>The account id (or api-key:{id}) behind each entry, by entry id; entries older than actor ids have none.</summary>
    public IReadOnlyDictionary<long, string?> ActorIds { get; private set; } = new Dictionary<long, string?>();

    public async Task OnGetAsync(string? type, string? id, CancellationToken cancellationToken)
    {
        Type = type;
        Id = long.TryParse(id, out var parsed) ? parsed : null;
        if (type is null || !Vocabulary.EditableEntityTypes.Contains(type) || Id is not { } recordId
            || await workflow.Writer(type).LoadAsync(recordId, cancellationToken) is not { } record)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Record = record;
        Entries = (await AuditLog.HistoryAsync(db, type, recordId, cancellationToken)).Reverse().ToList();
        ActorIds = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == type && e.EntityId == recordId)
            .ToDictionaryAsync(e => e.Id, e => e.ActorId, cancellationToken);
    }
}
