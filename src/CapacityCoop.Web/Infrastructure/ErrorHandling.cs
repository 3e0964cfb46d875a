using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace CapacityCoop.Web.Infrastructure;

public static class ErrorHandling
{
    /// <summary>
    /// Unexpected exceptions become a problem document (RFC 9457) carrying the traceId that is also on the
    /// log line; no stack trace ever reaches a client.
    /// </summary>
    public static IServiceCollection AddPortalProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);

    public static WebApplication UsePortalErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
