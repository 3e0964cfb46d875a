using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Audit;

/// <summary>
/// The writes every record type shares — replace, archive, restore — each committed together with its audit entry,
/// so a change is never stored without its history (or the other way round).
/// </summary>
public static class AuditedWrites
{
    /// <summary>
    /// Adds a new record and its "create" audit entry in one transaction. A record created without a slug (it still
    /// has <paramref name="placeholderSlug"/>) gets one made from <paramref name="slugSource"/> and its new id.
    /// </summary>
    public static async Task SaveNewAsync<T>(
        PortalDbContext db, T entity, string placeholderSlug, string slugSource, string entityType, Func<T, object> snapshot, Actor actor, CancellationToken cancellationToken)
        where T : class, ISlugged =>
        await db.InTransactionAsync(
            async token =>
            {
                db.Add(entity);
                await db.SaveChangesAsync(token);
                if (entity.Slug == placeholderSlug)
                {
                    entity.Slug = Slugs.From(slugSource, entity.Id, entityType);
                }

                AuditLog.Record(db, entityType, entity.Id, "create", actor, null, snapshot(entity));
                return await db.SaveChangesAsync(token);
            },
            cancellationToken);

    /// <summary>
    /// Saves an update already applied to <paramref name="entity"/> and its audit entry in one transaction. False when
    /// someone else saved the record after it was loaded (the xmin token moved): then nothing was stored.
    /// </summary>
    public static async Task<bool> SaveUpdateAsync<T>(
        PortalDbContext db, T entity, long id, object before, string entityType, Func<T, object> snapshot, Actor actor, CancellationToken cancellationToken)
    {
        return await db.InTransactionAsync(
            async token =>
            {
                try
                {
                    await db.SaveChangesAsync(token);
                }
                catch (DbUpdateConcurrencyException)
                {
                    return false;
                }

                // The snapshot is taken after the first save, so sources created with the change carry their new ids.
                AuditLog.Record(db, entityType, id, "update", actor, before, snapshot(entity));
                await db.SaveChangesAsync(token);
                return true;
            },
            saved => saved,
            cancellationToken);
    }

    /// <summary>Archives (or restores) a record and records it; doing it again when it is already so changes nothing.</summary>
    public static async Task SetArchivedAsync<T>(
        PortalDbContext db, T entity, long id, bool archived, string entityType, Func<T, object> snapshot, Actor actor, TimeProvider clock, CancellationToken cancellationToken)
        where T : class, IArchivable
    {
        if ((entity.ArchivedAt is not null) == archived)
        {
            return;
        }

        var before = snapshot(entity);
        var now = clock.GetUtcNow();
        entity.ArchivedAt = archived ? now : null;
        if (entity is ITimestamped timestamped)
        {
            timestamped.UpdatedAt = now;
        }

        AuditLog.Record(db, entityType, id, archived ? "archive" : "restore", actor, before, snapshot(entity));
        await db.SaveChangesAsync(cancellationToken);
    }
}
