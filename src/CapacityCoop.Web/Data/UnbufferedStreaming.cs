using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CapacityCoop.Web.Data;

/// <summary>
/// Streams a query row by row although the context retries on failure. A retrying strategy makes EF Core read the
/// whole result into memory before the first row (so that a retry could start over unseen); a 100,000-row export
/// then held every row at once and the server's memory rose by 400 MB per export (ADR-014). While the query starts,
/// this marks a strategy that never retries as the current one, which EF Core reads both when it compiles the query
/// (no buffering) and when it opens the reader (no retry). An export that loses its connection fails instead of
/// being retried: it has already sent rows, and sending them again would corrupt the file.
/// </summary>
public static class UnbufferedStreaming
{
    public static async IAsyncEnumerable<T> StreamUnbuffered<T>(
        this DbContext db, IQueryable<T> query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // EF Core compiles the query when the enumerator is made and opens the reader on the first MoveNextAsync:
        // both must see the strategy.
        IAsyncEnumerator<T> rows;
        using (NoRetries.Begin(db))
        {
            rows = query.AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
        }

        await using (rows.ConfigureAwait(false))
        {
            bool more;
            using (NoRetries.Begin(db))
            {
                more = await rows.MoveNextAsync().ConfigureAwait(false);
            }

            while (more)
            {
                yield return rows.Current;
                more = await rows.MoveNextAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class NoRetries(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, maxRetryCount: 0, TimeSpan.Zero)
    {
        public static IDisposable Begin(DbContext db)
        {
            var previous = Current;
            Current = new NoRetries(db.GetService<ExecutionStrategyDependencies>());
            return new Restore(previous);
        }

        protected override bool ShouldRetryOn(Exception exception) => false;

        private sealed class Restore(ExecutionStrategy? previous) : IDisposable
        {
            public void Dispose() => Current = previous;
        }
    }
}
