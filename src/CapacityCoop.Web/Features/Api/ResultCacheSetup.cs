namespace CapacityCoop.Web.Features.Api;

public static class ResultCacheSetup
{
    public static IServiceCollection AddResultCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ResultCacheOptions>(configuration.GetSection(ResultCacheOptions.Section));
        services.AddSingleton<TagVersions>();
        services.AddSingleton<ResultCache>();
        services.AddSingleton<TagVersionListener>();
        services.AddHostedService(provider => provider.GetRequiredService<TagVersionListener>());
        return services;
    }

    /// <summary>
    /// A request that may write (any method but GET, HEAD, OPTIONS, TRACE) reads around the cache, and marks the
    /// versions stale before its response starts, when its transaction has committed: a client that writes and then
    /// reads on this instance never gets a result from before its write, whether or not the notification has arrived.
    /// </summary>
    public static WebApplication UseResultCacheWriteTracking(this WebApplication app)
    {
        var versions = app.Services.GetRequiredService<TagVersions>();
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            {
                await next(context);
                return;
            }

            ResultCache.BypassForThisRequest();
            context.Response.OnStarting(() =>
            {
                versions.MarkStale();
                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            finally
            {
                // Also when the response had started before the write (or never starts): once the request is over.
                versions.MarkStale();
            }
        });
        return app;
    }
}
