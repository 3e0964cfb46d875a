using System.Diagnostics;
using CapacityCoop.Web.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CapacityCoop.Tests.Data;

public sealed class ConnectionBudgetTests
{
    [Fact]
    public async Task Without_settings_an_instance_holds_at_most_40_connections_and_waits_at_most_5_seconds_for_one()
    {
        await using var services = Services("Host=127.0.0.1;Database=capacitycoop;Username=postgres");

        var connection = ConnectionOf(services);

        (connection.MaxPoolSize, connection.Timeout).ShouldBe((40, 5));
    }

    [Fact]
    public async Task The_data_source_gets_the_configured_pool_size_and_timeout()
    {
        await using var services = Services(
            "Host=127.0.0.1;Database=capacitycoop;Username=postgres",
            ("Database:MaxPoolSize", "7"),
            ("Database:ConnectionTimeoutSeconds", "3"));

        var connection = ConnectionOf(services);

        (connection.MaxPoolSize, connection.Timeout).ShouldBe((7, 3));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=capacitycoop;Maximum Pool Size=12;Timeout=9")]
    [InlineData("Host=127.0.0.1;Database=capacitycoop;MaxPoolSize=12;timeout=9")]
    public async Task A_pool_size_and_timeout_written_in_the_connection_string_win(string connectionString)
    {
        await using var services = Services(connectionString, ("Database:MaxPoolSize", "7"), ("Database:ConnectionTimeoutSeconds", "3"));

        var connection = ConnectionOf(services);

        (connection.MaxPoolSize, connection.Timeout).ShouldBe((12, 9));
    }

    [Fact]
    public void A_minimum_pool_size_above_the_default_maximum_raises_the_maximum_instead_of_failing()
    {
        var connectionString = PortalDataExtensions.WithConnectionBudget("Host=127.0.0.1;Minimum Pool Size=50", new DatabaseOptions());

        new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize.ShouldBe(50);
    }

    [Fact]
    public async Task An_exhausted_pool_fails_within_the_timeout_instead_of_waiting()
    {
        await using var services = Services(TestPostgres.AdminConnectionString, ("Database:MaxPoolSize", "1"), ("Database:ConnectionTimeoutSeconds", "1"));
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var held = await dataSource.OpenConnectionAsync();

        var waited = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<NpgsqlException>(async () => await dataSource.OpenConnectionAsync());
        waited.Stop();

        error.Message.ShouldContain("pool has been exhausted");
        waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "Npgsql's default would wait 15 s");
    }

    private static ServiceProvider Services(string connectionString, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))
                .Append(KeyValuePair.Create("ConnectionStrings:Portal", (string?)connectionString)))
            .Build();
        return new ServiceCollection().AddPortalData(configuration).BuildServiceProvider();
    }

    private static NpgsqlConnectionStringBuilder ConnectionOf(IServiceProvider services) =>
        new(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
}
