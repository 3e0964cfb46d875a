using CapacityCoop.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CapacityCoop.Tests.Data;

/// <summary>
/// Exports stream their rows although the context retries on failure (ADR-014). A buffered query has read every row
/// and released the connection before the first one is handed out; a streamed one still holds the connection, so a
/// second command on it is refused. That difference is what these tests observe.
/// </summary>
public sealed class UnbufferedStreamingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_retrying_context_buffers_a_plain_query_which_is_what_exports_must_avoid()
    {
        await using var db = database.CreateContext();
        db.Database.CreateExecutionStrategy().RetriesOnFailure.ShouldBeTrue();

        await using var rows = db.Agreements.OrderBy(a => a.Id).Select(a => a.Id).AsAsyncEnumerable().GetAsyncEnumerator();
        (await rows.MoveNextAsync()).ShouldBeTrue();

        (await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync()).ShouldBe([1], "the buffered reader has let go of the connection");
    }

    [Fact]
    public async Task A_streamed_query_holds_its_reader_open_while_the_caller_consumes_rows()
    {
        await using var db = database.CreateContext();

        await using var rows = db.StreamUnbuffered(db.Agreements.OrderBy(a => a.Id).Select(a => a.Id)).GetAsyncEnumerator();
        (await rows.MoveNextAsync()).ShouldBeTrue();

        await Should.ThrowAsync<NpgsqlOperationInProgressException>(() => db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync());
    }

    [Fact]
    public async Task A_streamed_query_gives_the_same_rows_in_the_same_order_and_leaves_retries_on_for_what_follows()
    {
        await using var db = database.CreateContext();
        var query = db.Agreements.OrderBy(a => a.SignedOn).ThenBy(a => a.Id).Select(a => new { a.Id, a.Title });
        var expected = await query.ToListAsync();

        var streamed = new List<(long, string)>();
        await foreach (var row in db.StreamUnbuffered(query))
        {
            streamed.Add((row.Id, row.Title));
        }

        expected.ShouldNotBeEmpty();
        streamed.ShouldBe(expected.Select(r => (r.Id, r.Title)).ToList());
        ExecutionStrategy.Current.ShouldBeNull();
        db.Database.CreateExecutionStrategy().RetriesOnFailure.ShouldBeTrue();
    }
}
