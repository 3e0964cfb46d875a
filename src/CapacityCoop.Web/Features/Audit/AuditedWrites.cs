using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
        where T : class, ISlugged
    {
        await using var transaction = await BeginUnlessInTransactionAsync(db, cancellationToken);
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        if (entity.Slug == placeholderSlug)
        {
            entity.Slug = Slugs.From(slugSource, entity.Id, entityType);
        }

        AuditLog.Record(db, entityType, entity.Id, "create", actor, null, snapshot(entity));
        await db.SaveChangesAsync(cancellationToken);
        await CommitIfOwnedAsync(transaction, cancellationToken);
    }

    /// <summary>
    /// Saves an update already applied to <paramref name="entity"/> and its audit entry in one transaction. False when
    /// someone else saved the record after it was loaded (the xmin token moved): then nothing was stored.
    /// </summary>
    public static async Task<bool> SaveUpdateAsync<T>(
        PortalDbContext db, T entity, long id, object before, string entityType, Func<T, object> snapshot, Actor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginUnlessInTransactionAsync(db, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        // The snapshot is taken after the first save, so sources created with the change carry their new ids.
        AuditLog.Record(db, entityType, id, "update", actor, before, snapshot(entity));
        await db.SaveChangesAsync(cancellationToken);
        await CommitIfOwnedAsync(transaction, cancellationToken);
        return true;
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

    /// <summary>
    /// A transaction of our own, or none when the caller already holds one (publishing a draft, importing a batch):
    /// then the caller's commit covers this write too.
    /// </summary>
    private static async Task<IDbContextTransaction?> BeginUnlessInTransactionAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

    private static Task CommitIfOwnedAsync(IDbContextTransaction? transaction, CancellationToken cancellationToken) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;
}
