using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CapacityCoop.Web.Data;

/// <summary>
/// Explicit transactions under the retrying execution strategy (ADR-014). The strategy refuses a transaction begun
/// outside it, because it could only retry the last statement, not the unit. Here the whole unit is the retried
/// operation: each attempt starts with an empty change tracker (what a failed attempt tracked may describe rows that
/// were rolled back), so a unit must load what it changes inside itself.
/// A commit whose acknowledgement is lost (the connection dropped during COMMIT) is not retried blindly: the unit's
/// transaction id is asked for with pg_xact_status, and a committed unit returns its result instead of running again,
/// so a write is never applied twice.
/// </summary>
public static class RetriedTransactions
{
    private static readonly TimeSpan InProgressWait = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="unit"/> in one transaction and commits it.</summary>
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> unit, CancellationToken cancellationToken) =>
        InTransactionAsync(db, unit, _ => true, cancellationToken);

    /// <summary>
    /// Runs <paramref name="unit"/> in one transaction, committed when <paramref name="commitWhen"/> accepts its result
    /// and rolled back otherwise. Inside a caller's transaction it runs as part of the caller's unit.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(
        this DbContext db, Func<CancellationToken, Task<T>> unit, Func<T, bool> commitWhen, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await unit(cancellationToken);
        }

        var attempts = 0;
        (T Result, string TransactionId)? committing = null;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            0,
            async (_, _, token) =>
            {
                if (attempts++ > 0)
                {
                    db.ChangeTracker.Clear();
                }

                committing = null;
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var result = await unit(token);
                if (!commitWhen(result))
                {
                    return result;
                }

                committing = (result, await db.Database.SqlQueryRaw<string>("SELECT pg_current_xact_id()::text AS \"Value\"").SingleAsync(token));
                await transaction.CommitAsync(token);
                return result;
            },
            async (_, _, token) => committing is { } sent && await CommittedAsync(db, sent.TransactionId, token)
                ? new ExecutionResult<T>(true, sent.Result)
                : new ExecutionResult<T>(false, default!),
            cancellationToken);
    }

    /// <summary>
    /// Whether the transaction committed. 'in progress' can be seen for a moment when only the client's side of the
    /// connection broke while the server was still committing; it is asked again until it settles.
    /// </summary>
    private static async Task<bool> CommittedAsync(DbContext db, string transactionId, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await db.Database
                .SqlQuery<string?>($"SELECT pg_xact_status({transactionId}::xid8) AS \"Value\"")
                .SingleAsync(cancellationToken);
            if (status != "in progress" || waited.Elapsed > InProgressWait)
            {
                return status == "committed";
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
