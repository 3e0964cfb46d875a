using System.Diagnostics;

namespace CapacityCoop.Tests.Infrastructure;

/// <summary>
/// scripts/run.sh decides the environment and the public address before it starts the app; its dry run prints them
/// (with a connection string and a certificate given, it starts no database and makes no certificate).
/// </summary>
public sealed class RunScriptTests
{
    [Fact]
    public async Task The_portal_runs_in_Production_unless_development_is_asked_for()
    {
        (await DryRunAsync()).ShouldContain("ASPNETCORE_ENVIRONMENT=Production");
        (await DryRunAsync("--dev")).ShouldContain("ASPNETCORE_ENVIRONMENT=Development");
        (await DryRunAsync(environment: ("ASPNETCORE_ENVIRONMENT", "Development"))).ShouldContain("ASPNETCORE_ENVIRONMENT=Development");
    }

    [Fact]
    public async Task The_public_address_is_the_first_address_served_with_a_wildcard_host_named_localhost()
    {
        (await DryRunAsync()).ShouldContain("Portal__PublicBaseUrl=http://localhost:5080");
        (await DryRunAsync(environment: ("CAPACITYCOOP_URLS", "http://0.0.0.0:8080;http://[::]:8081"))).ShouldContain("Portal__PublicBaseUrl=http://localhost:8080");
        (await DryRunAsync(environment: ("CAPACITYCOOP_PUBLIC_URL", "https://capacitycoop.example.org"))).ShouldContain("Portal__PublicBaseUrl=https://capacitycoop.example.org");
    }

    private static async Task<string> DryRunAsync(string arguments = "", params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", $"scripts/run.sh {arguments}")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "CAPACITYCOOP_URLS", "CAPACITYCOOP_PUBLIC_URL", "Portal__PublicBaseUrl" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["CAPACITYCOOP_RUN_DRY"] = "1";
        start.Environment["ConnectionStrings__Portal"] = "Host=unused.invalid";
        start.Environment["DataProtection__CertificatePath"] = "/unused/key-protection.pfx";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, errors);
        return output;
    }
}
