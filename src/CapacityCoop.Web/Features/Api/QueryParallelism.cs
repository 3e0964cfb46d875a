namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Runs independent read queries at the same time, each on a connection of its own: a request's DbContext allows one
/// query at a time, so each query gets a fresh <typeparamref name="TQuery"/> from a scope of its own. Without a scope
/// factory (query tests that build a query class by hand) they run one after another on <paramref name="self"/>.
/// </summary>
public static class QueryParallelism
{
    public static async Task RunAsync<TQuery>(TQuery self, IServiceScopeFactory? scopes, CancellationToken cancellationToken, params Func<TQuery, Task>[] queries)
        where TQuery : notnull
    {
        if (scopes is null)
        {
            foreach (var query in queries)
            {
                await query(self);
            }

            return;
        }

        await Task.WhenAll(queries.Select(async query =>
        {
            await using var scope = scopes.CreateAsyncScope();
            cancellationToken.ThrowIfCancellationRequested();
            await query(scope.ServiceProvider.GetRequiredService<TQuery>());
        }));
    }
}
