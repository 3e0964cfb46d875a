using System.Diagnostics;
using CapacityCoop.Web.Features.Audit;
using Serilog;
using Serilog.Events;

namespace CapacityCoop.Web.Infrastructure;

public static class LoggingExtensions
{
    private const string DefaultTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {RequestId} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Serilog to the console, configured from the "Serilog" section, with ASP.NET Core's scopes (RequestId) on every line.</summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: builder.Configuration["Logging:ConsoleTemplate"] ?? DefaultTemplate)
            .CreateLogger();

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>
    /// One line per request: method, path, status, elapsed time and who asked (the staff account's id, "api-key:{id}" or
    /// "anonymous", as the audit trail names them), so every staff action can be traced to a user. Query strings are
    /// left out: they may hold keys.
    /// </summary>
    public static IApplicationBuilder UsePortalRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("CapacityCoop.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var status = context.Response.StatusCode;
                logger.Log(
                    status >= 500 ? LogLevel.Error : LogLevel.Information,
                    "HTTP {Method} {Path} responded {StatusCode} in {Elapsed:0.0} ms for {UserId}",
                    context.Request.Method,
                    context.Request.Path.Value,
                    status,
                    elapsed,
                    Actor.Of(context.User).Id);
            }
        });
    }
}
