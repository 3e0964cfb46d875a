using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CapacityCoop.Tests.Features.Api;

public sealed class ErrorHandlingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_whose_traceId_is_on_the_logged_error_and_no_stack_trace_leaks()
    {
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "cc_no_such_database", Timeout = 3 }.ConnectionString;
        var logs = new CapturingLoggerProvider();
        await using var app = new PortalAppFactory(unreachable).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));

        var response = await app.CreateClient().GetAsync("/api/v1/agreements?country=KAZ");
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        var traceId = problem.RootElement.GetProperty("traceId").GetString()!;

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.ShouldNotContain("   at ");
        body.ShouldNotContain("Npgsql");
        body.ShouldNotContain("cc_no_such_database");
        logs.Messages.ShouldContain(m => m.Contains(traceId) && m.Contains("Unhandled exception"));
    }

    [Fact]
    public async Task Unknown_api_paths_and_methods_get_problem_documents()
    {
        await using var app = new PortalAppFactory(database.ConnectionString);
        var client = app.CreateClient();

        var missing = await client.GetAsync("/api/v1/nothing-here");
        var method = await client.PatchAsync("/api/v1/agreements/1", new StringContent("{}"));

        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        method.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        method.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Messages.Enqueue(formatter(state, exception));
        }
    }
}
