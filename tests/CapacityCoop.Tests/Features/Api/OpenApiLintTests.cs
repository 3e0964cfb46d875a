using System.Diagnostics;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>
/// The OpenAPI lint of scripts/lint-openapi.sh (Spectral, spectral:oas) run on the document the app serves, so a
/// change that breaks the document fails the suite and CI, not only a manual run of the script.
/// </summary>
public sealed class OpenApiLintTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Spectral_finds_no_errors_in_the_served_document()
    {
        var document = Path.Combine(Path.GetTempPath(), $"capacitycoop-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await api.Client().GetStringAsync("/swagger/v1/swagger.json"));
        try
        {
            var (exitCode, output) = await RunAsync(RepositoryFiles.PathOf("scripts", "lint-openapi.sh"), document);

            // 2 is the script's own exit code for missing node/npm: say so instead of a bare failure.
            exitCode.ShouldNotBe(2, $"The OpenAPI lint needs node and npm on this machine (Debian: apt-get install nodejs npm).{Environment.NewLine}{output}");
            exitCode.ShouldBe(0, output);
            output.ShouldContain("Spectral (spectral:oas)", Case.Sensitive, output);
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string argument)
    {
        var start = new ProcessStartInfo("bash", [script, argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // npm ci on a fresh checkout takes about half a minute; the lint itself a few seconds.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
