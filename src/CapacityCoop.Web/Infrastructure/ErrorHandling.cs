using CapacityCoop.Web.Features.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

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
/// over the limit) keep their status; anything else is a 500 whose body says nothing about the internals and
/// whose traceId finds the logged exception.
/// </summary>
internal sealed class PortalExceptionHandler(IProblemDetailsService problemDetails, ILogger<PortalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        var traceId = ApiResults.TraceId(context);
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error",
                $"Something went wrong on our side. Quote trace id {traceId} when reporting it."),
        };

        if (status >= 500)
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
}
