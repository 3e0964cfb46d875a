using System.Globalization;
using CapacityCoop.Web.Features.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace CapacityCoop.Web.Infrastructure;

public static class ErrorHandling
{
    /// <summary>Every error response is a problem document (RFC 9457) whose traceId is the request id on the log lines.</summary>
    public static IServiceCollection AddPortalProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = ApiResults.TraceId(context.HttpContext));
        services.AddExceptionHandler<PortalExceptionHandler>();
        return services;
    }

    public static WebApplication UsePortalErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Maps exceptions to problem documents in one place. Bad requests the framework detects (malformed JSON, a body
/// over the limit) keep their status; overload (every read slot busy, the connection pool exhausted) is a 503 with
/// Retry-After, so clients back off instead of reporting a bug; anything else is a 500 whose body says nothing about
/// the internals and whose traceId finds the logged exception.
/// </summary>
internal sealed class PortalExceptionHandler(IProblemDetailsService problemDetails, ILogger<PortalExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Connections come back within a query's time (well under a second), so a client may try again soon.</summary>
    private static readonly TimeSpan PoolRetryAfter = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        var traceId = ApiResults.TraceId(context);
        (TimeSpan RetryAfter, string Reason)? overload = exception switch
        {
            ReadCapacityExceededException busy => (busy.RetryAfter, busy.Message),
            _ when IsPoolExhausted(exception) => (PoolRetryAfter, "The connection pool is exhausted."),
            _ => null,
        };
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            _ when overload is { } busy => (StatusCodes.Status503ServiceUnavailable, "Service busy",
                $"The portal is answering as many requests as it can; try again in {Seconds(busy.RetryAfter)} s."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error",
                $"Something went wrong on our side. Quote trace id {traceId} when reporting it."),
        };

        if (overload is { } shed)
        {
            // Overload is expected under bursts: one line, no stack trace.
            context.Response.Headers[HeaderNames.RetryAfter] = Seconds(shed.RetryAfter).ToString(CultureInfo.InvariantCulture);
            logger.LogWarning("Shed {Method} {Path} with 503: {Reason}", context.Request.Method, context.Request.Path.Value, shed.Reason);
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}; traceId {TraceId}", context.Request.Method, context.Request.Path.Value, traceId);
        }
        else
        {
            logger.LogInformation("Rejected {Method} {Path} with {StatusCode}: {Reason}", context.Request.Method, context.Request.Path.Value, status, exception.Message);
        }

        context.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>
    /// Npgsql has no type of its own for it: an NpgsqlException wrapping a TimeoutException, with this message
    /// (PoolingDataSource). EF Core may wrap it in turn, so the chain is searched.
    /// </summary>
    private static bool IsPoolExhausted(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { InnerException: TimeoutException } npgsql
                && npgsql.Message.StartsWith("The connection pool has been exhausted", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
