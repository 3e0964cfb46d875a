using System.Net;
using System.Net.Http.Json;
using CapacityCoop.Web.Features.Agreements;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Tests.Features.Agreements;

/// <summary>
/// The umbrella rule (one level deep, ADR-002) under concurrency: two edits that each pass the editor's read check must
/// not both be stored, or A under B and B under A drop out of every total (ADR-012).
/// </summary>
public sealed class UmbrellaRaceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Two_concurrent_writers_that_both_pass_the_read_check_store_exactly_one_link_and_no_cycle()
    {
        using var client = api.Client(await api.CreateKeyAsync("read", "write"));
        var first = await CreateAsync(client, "Umbrella race A");
        var second = await CreateAsync(client, "Umbrella race B");
        using var barrier = new Barrier(2);

        // Each writer does what AgreementEditor checks (the umbrella is under none, the record is umbrella to none),
        // waits until the other has checked too, then links: A under B and B under A.
        var results = await Task.WhenAll(
            Task.Run(() => LinkAfterCheckAsync(first, second, barrier)),
            Task.Run(() => LinkAfterCheckAsync(second, first, barrier)));

        results.Count(r => r is null).ShouldBe(1, string.Join(" | ", results.Select(r => r?.MessageText ?? "committed")));
        results.Single(r => r is not null)!.ConstraintName.ShouldBe("ck_agreements_umbrella_one_level");
        var links = await api.QueryAsync(db => db.Agreements.Where(a => a.Id == first || a.Id == second)
            .Select(a => new { a.Id, a.ParentAgreementId }).ToListAsync());
        links.Count(l => l.ParentAgreementId is not null).ShouldBe(1, "one link, never a cycle");
    }

    private async Task<PostgresException?> LinkAfterCheckAsync(long id, long parent, Barrier barrier)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var check = new NpgsqlCommand(
            $"SELECT (SELECT parent_agreement_id IS NULL FROM agreements WHERE id = {parent}) AND NOT EXISTS (SELECT 1 FROM agreements WHERE parent_agreement_id = {id})",
            connection, transaction))
        {
            ((bool)(await check.ExecuteScalarAsync())!).ShouldBeTrue("both writers pass the read check");
        }

        barrier.SignalAndWait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        try
        {
            await using var link = new NpgsqlCommand($"UPDATE agreements SET parent_agreement_id = {parent} WHERE id = {id}", connection, transaction);
            await link.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return null;
        }
        catch (PostgresException rejected)
        {
            return rejected;
        }
    }

    [Fact]
    public async Task The_database_refuses_a_two_level_umbrella_written_behind_the_app()
    {
        using var client = api.Client(await api.CreateKeyAsync("read", "write"));
        var top = await CreateAsync(client, "Umbrella top");
        var middle = await CreateAsync(client, "Umbrella middle");
        var bottom = await CreateAsync(client, "Umbrella bottom");
        await api.ExecuteSqlAsync($"UPDATE agreements SET parent_agreement_id = {top} WHERE id = {middle}");

        var underMiddle = await Should.ThrowAsync<PostgresException>(() => api.ExecuteSqlAsync($"UPDATE agreements SET parent_agreement_id = {middle} WHERE id = {bottom}"));
        var topUnderBottom = await Should.ThrowAsync<PostgresException>(() => api.ExecuteSqlAsync($"UPDATE agreements SET parent_agreement_id = {bottom} WHERE id = {top}"));

        underMiddle.ConstraintName.ShouldBe("ck_agreements_umbrella_one_level");
        topUnderBottom.ConstraintName.ShouldBe("ck_agreements_umbrella_one_level");
    }

    private static object NewAgreement(string title) => new
    {
        title,
        kind = "mou",
        status = "signed",
        parties = new object[] { new { country = "CHN" }, new { country = "KEN" } },
        signedOn = "2016-05",
        sectors = new[] { "building-materials" },
        sources = new object[] { new { title = "Umbrella race source" } },
    };

    private static async Task<long> CreateAsync(HttpClient client, string title)
    {
        var response = await client.PostAsJsonAsync("/api/v1/agreements", NewAgreement(title));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AgreementDetailDto>(ApiFixture.Json))!.Id;
    }
}
