using System.Security.Cryptography;
using System.Text;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Tests.Infrastructure.Auth;

public sealed class ApiKeyServiceTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private readonly ManualTime time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Should_create_a_key_of_cc_and_43_base64url_characters_and_store_only_its_hash()
    {
        var created = await database.QueryAsync(db => Service(db).CreateAsync("  Ministry dashboard ", ["write", "read"], "tests"));

        created.Key.ShouldMatch("^cc_[A-Za-z0-9_-]{43}$");
        var stored = await database.QueryAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == created.Entity.Id));
        stored.Name.ShouldBe("Ministry dashboard");
        stored.Prefix.ShouldBe(created.Key[..12]);
        stored.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))));
        stored.Hash.ShouldNotBe(created.Key);
        stored.Scopes.ShouldBe(["read", "write"]);
        stored.CreatedBy.ShouldBe("tests");
        stored.CreatedAt.ShouldBe(time.GetUtcNow());
        stored.LastUsedAt.ShouldBeNull();
        stored.RevokedAt.ShouldBeNull();

        // Nothing in the row, read as text, gives away more of the key than its displayed prefix.
        var row = await database.QueryAsync(db => db.Database
            .SqlQuery<string>($"SELECT row_to_json(k)::text AS \"Value\" FROM api_keys k WHERE id = {created.Entity.Id}")
            .SingleAsync());
        row.ShouldNotContain(created.Key);
        row.ShouldNotContain(created.Key[12..]);
    }

    [Fact]
    public void Two_keys_are_never_the_same()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeyService.GenerateKey()).ToHashSet();

        keys.Count.ShouldBe(100);
    }

    [Fact]
    public async Task Should_find_an_active_key_by_the_presented_key_and_not_after_it_is_revoked()
    {
        var created = await database.QueryAsync(db => Service(db).CreateAsync("finder", ["read"], "tests"));

        var found = await database.QueryAsync(db => Service(db).FindActiveAsync(created.Key));
        found.ShouldNotBeNull();
        found.Id.ShouldBe(created.Entity.Id);
        (await database.QueryAsync(db => Service(db).FindActiveAsync(created.Key[..^1] + (created.Key[^1] == 'A' ? 'B' : 'A')))).ShouldBeNull();
        (await database.QueryAsync(db => Service(db).FindActiveAsync(created.Entity.Hash))).ShouldBeNull();

        (await database.QueryAsync(db => Service(db).RevokeAsync(created.Entity.Id))).ShouldBe(RevokeResult.Revoked);

        (await database.QueryAsync(db => Service(db).FindActiveAsync(created.Key))).ShouldBeNull();
        var revokedAt = await database.QueryAsync(db => db.ApiKeys.Where(k => k.Id == created.Entity.Id).Select(k => k.RevokedAt).SingleAsync());
        revokedAt.ShouldBe(time.GetUtcNow());
    }

    [Fact]
    public async Task Revoking_twice_keeps_the_first_revocation_and_an_unknown_id_is_reported()
    {
        var created = await database.QueryAsync(db => Service(db).CreateAsync("revoke-twice", ["read"], "tests"));
        (await database.QueryAsync(db => Service(db).RevokeAsync(created.Entity.Id))).ShouldBe(RevokeResult.Revoked);
        var first = time.GetUtcNow();

        time.Advance(TimeSpan.FromHours(1));
        (await database.QueryAsync(db => Service(db).RevokeAsync(created.Entity.Id))).ShouldBe(RevokeResult.AlreadyRevoked);
        (await database.QueryAsync(db => Service(db).RevokeAsync(long.MaxValue))).ShouldBe(RevokeResult.NotFound);

        var revokedAt = await database.QueryAsync(db => db.ApiKeys.Where(k => k.Id == created.Entity.Id).Select(k => k.RevokedAt).SingleAsync());
        revokedAt.ShouldBe(first);
    }

    [Fact]
    public async Task Recording_use_writes_at_most_once_a_minute()
    {
        var created = await database.QueryAsync(db => Service(db).CreateAsync("touch", ["read"], "tests"));
        async Task<DateTimeOffset?> UseAsync()
        {
            await database.ExecuteAsync(async db =>
            {
                var key = await Service(db).FindActiveAsync(created.Key);
                await Service(db).RecordUseAsync(key!);
            });
            return await database.QueryAsync(db => db.ApiKeys.Where(k => k.Id == created.Entity.Id).Select(k => k.LastUsedAt).SingleAsync());
        }

        var start = time.GetUtcNow();
        (await UseAsync()).ShouldBe(start);

        time.Advance(TimeSpan.FromSeconds(59));
        (await UseAsync()).ShouldBe(start);

        time.Advance(TimeSpan.FromSeconds(1));
        (await UseAsync()).ShouldBe(start.AddMinutes(1));
    }

    [Theory]
    [InlineData("read", new[] { "read" })]
    [InlineData("write,read", new[] { "read", "write" })]
    [InlineData(" read , write ,read", new[] { "read", "write" })]
    [InlineData("WRITE", new[] { "write" })]
    public void Scopes_are_parsed_into_their_canonical_order(string text, string[] expected)
    {
        ApiKeyService.ParseScopes(text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("read,admin", "Unknown scope(s): admin. Allowed: read, write.")]
    [InlineData("", "A key needs at least one scope (read, write).")]
    public void Unknown_or_missing_scopes_are_refused(string text, string message)
    {
        Should.Throw<ArgumentException>(() => ApiKeyService.ParseScopes(text)).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_key_needs_a_name(string name)
    {
        await Should.ThrowAsync<ArgumentException>(database.QueryAsync(db => Service(db).CreateAsync(name, ["read"], "tests")));
    }

    [Fact]
    public async Task The_database_refuses_a_scope_outside_the_vocabulary_and_an_empty_scope_list()
    {
        var hash = new string('a', 64);
        (await Should.ThrowAsync<PostgresException>(database.ExecuteSqlAsync(
            $"INSERT INTO api_keys (name, prefix, hash, scopes, created_by) VALUES ('x', 'cc_x', '{hash}', ARRAY['admin'], 't')")))
            .ConstraintName.ShouldBe("ck_api_keys_scopes");
        (await Should.ThrowAsync<PostgresException>(database.ExecuteSqlAsync(
            $"INSERT INTO api_keys (name, prefix, hash, scopes, created_by) VALUES ('x', 'cc_x', '{hash}', ARRAY[]::text[], 't')")))
            .ConstraintName.ShouldBe("ck_api_keys_scopes");
        (await Should.ThrowAsync<PostgresException>(database.ExecuteSqlAsync(
            "INSERT INTO api_keys (name, prefix, hash, scopes, created_by) VALUES ('x', 'cc_x', 'cc_plain_key', ARRAY['read'], 't')")))
            .ConstraintName.ShouldBe("ck_api_keys_hash");
    }

    private ApiKeyService Service(Web.Data.PortalDbContext db) => new(db, time);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
