using System.Text.RegularExpressions;
using CapacityCoop.Web.Data;
using Npgsql;

namespace CapacityCoop.Tests.Data;

/// <summary>
/// scripts/lib/postgresql.portal.conf decides the PostgreSQL settings; scripts/lib/postgres.sh includes it in every
/// cluster the scripts start, docker-compose.yml repeats it as command-line options.
/// </summary>
public sealed partial class PostgresSettingsTests
{
    private static readonly string Root = RepositoryFiles.Root;

    [Fact]
    public void Docker_compose_passes_the_same_settings_as_the_shared_file()
    {
        var shared = Settings(Path.Combine(Root, "scripts", "lib", "postgresql.portal.conf"));
        var compose = ComposeOption().Matches(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);

        compose.OrderBy(s => s.Key).ShouldBe(shared.OrderBy(s => s.Key));
    }

    [Fact]
    public void The_shared_file_turns_jit_off_and_prices_random_reads_for_an_SSD()
    {
        var shared = Settings(Path.Combine(Root, "scripts", "lib", "postgresql.portal.conf"));

        shared["jit"].ShouldBe("off");
        shared["random_page_cost"].ShouldBe("1.1");
    }

    [Fact]
    public void Four_instances_with_the_default_pool_and_a_margin_fit_within_max_connections()
    {
        var maxConnections = int.Parse(Settings(Path.Combine(Root, "scripts", "lib", "postgresql.portal.conf"))["max_connections"]);
        const int instances = 4, margin = 40;

        (instances * new DatabaseOptions().MaxPoolSize + margin).ShouldBeLessThanOrEqualTo(maxConnections);
    }

    /// <summary>
    /// The tests' server runs with the shared settings too: scripts/test.sh starts its own cluster with them, and a server
    /// given in CAPACITYCOOP_TEST_ADMIN_CONNECTION must be configured the same way (or the timings and plans the tests
    /// see are not the ones the portal gets).
    /// </summary>
    [Fact]
    public async Task The_test_server_runs_with_the_shared_settings()
    {
        var shared = Settings(Path.Combine(Root, "scripts", "lib", "postgresql.portal.conf"));
        await using var connection = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await connection.OpenAsync();

        var actual = new Dictionary<string, string>();
        foreach (var name in shared.Keys)
        {
            await using var show = new NpgsqlCommand($"SHOW {name}", connection);
            actual[name] = (string)(await show.ExecuteScalarAsync())!;
        }

        actual.OrderBy(s => s.Key).ShouldBe(shared.OrderBy(s => s.Key));
    }

    /// <summary>name = value lines, without comments or quotes.</summary>
    private static Dictionary<string, string> Settings(string path) =>
        File.ReadLines(path)
            .Select(line => line.Split('#', 2)[0].Trim())
            .Where(line => line.Length > 0)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim().Trim('\''));

    [GeneratedRegex(@"^\s*-\s*--(?<name>[a-z_]+)=(?<value>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ComposeOption();
}
