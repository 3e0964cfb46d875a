using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace CapacityCoop.Web.Data;

/// <summary>
/// Npgsql's retrying strategy, plus: a failure that means the server went away empties the connection pool before
/// the retry. After a restart every idle pooled connection is dead and fails on first use; without this, each retry
/// could draw another dead one and a request could spend all its retries on them (ADR-014).
/// </summary>
public sealed class PortalExecutionStrategy(ExecutionStrategyDependencies dependencies, NpgsqlDataSource dataSource, DatabaseOptions options)
    : NpgsqlRetryingExecutionStrategy(dependencies, options.RetryCount, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), errorCodesToAdd: null)
{
    protected override bool ShouldRetryOn(Exception? exception)
    {
        var retry = base.ShouldRetryOn(exception);
        if (retry && ConnectionFailures.ServerWentAway(exception))
        {
            dataSource.Clear();
        }

        return retry;
    }
}

public static class ConnectionFailures
{
    /// <summary>
    /// The connection, not the statement, failed: the socket broke, or the server is shutting down, crashed or is
    /// starting (SQLSTATE classes 08 and 57P). A deadlock or serialization failure is transient too, but the
    /// connection is fine.
    /// </summary>
    public static bool ServerWentAway(Exception? exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException || ServerWentAway(npgsql.InnerException),
        _ => false,
    };
}
