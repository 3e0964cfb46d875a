using System.Text.Json;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Features.Staff;

/// <summary>An app with four-eyes publication on (Staff:RequireSecondEditor).</summary>
public sealed class FourEyesFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Staff:RequireSecondEditor"] = "true",
    };
}

/// <summary>Drafts made through the real <see cref="DraftWorkflow"/> of an app, as the edit forms make them.</summary>
public static class DraftTestData
{
    public static object NewAgreement(string title) => new
    {
        title,
        kind = "mou",
        status = "signed",
        parties = new object[] { new { country = "CHN" }, new { country = "ZMB" } },
        signedOn = "2016-08",
        value = new { amount = 120_000_000m, currency = "USD", usd = 120_000_000m },
        sectors = new[] { "building-materials" },
        summary = "A draft agreement entered by staff in a test.",
        sources = new object[] { new { title = "Draft test release", publisher = "Test Agency", publishedOn = "2016-08-20", url = "https://example.org/draft-release" } },
    };

    public static object NewOrganisation(string name) => new { name, kind = "company", country = "CHN" };

    /// <summary>The account of <paramref name="email"/> as the audit trail names it (its id and email).</summary>
    public static async Task<Actor> ActorAsync(PortalAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No account {email}.");
        return new Actor(user.Id, email);
    }

    public static async Task<T> WithWorkflowAsync<T>(PortalAppFactory app, Func<DraftWorkflow, Task<T>> use)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<DraftWorkflow>());
    }

    public static Task<EditState> OpenAsync(PortalAppFactory app, string entityType, long? entityId, long? draftId = null) =>
        WithWorkflowAsync(app, async w => (await w.OpenAsync(entityType, entityId, draftId, CancellationToken.None))!);

    /// <summary>Reads a JSON body into the input contract of <paramref name="entityType"/>, as a form would fill it.</summary>
    public static Task<object> InputAsync(PortalAppFactory app, string entityType, object body) =>
        WithWorkflowAsync(app, w => Task.FromResult(w.Writer(entityType).Read(JsonSerializer.SerializeToElement(body, ApiFixture.Json))!));

    public static async Task<SaveOutcome> SaveAsync(
        PortalAppFactory app, string entityType, long? entityId, long? draftId, object body, string token, Actor actor, bool confirmedNotDuplicate = true)
    {
        var input = await InputAsync(app, entityType, body);
        return await WithWorkflowAsync(app, w => w.SaveAsync(entityType, entityId, draftId, input, token, confirmedNotDuplicate, actor, CancellationToken.None));
    }

    /// <summary>Saves a draft from the current state (a new record when <paramref name="entityId"/> is null) and returns it.</summary>
    public static async Task<Draft> SaveDraftAsync(PortalAppFactory app, string entityType, long? entityId, object body, Actor actor)
    {
        var state = await OpenAsync(app, entityType, entityId);
        var outcome = await SaveAsync(app, entityType, entityId, null, body, state.Token, actor);
        return outcome.ShouldBeOfType<SaveOutcome.Saved>($"saving the draft gave {outcome}").Draft;
    }

    /// <summary>A published record's input with one field changed, for a draft that edits it.</summary>
    public static async Task<Dictionary<string, JsonElement>> StoredInputAsync(PortalAppFactory app, string entityType, long id)
    {
        var state = await OpenAsync(app, entityType, id);
        return state.Record!.Input.Deserialize<Dictionary<string, JsonElement>>()!;
    }

    public static Dictionary<string, JsonElement> With(this Dictionary<string, JsonElement> input, string field, object? value)
    {
        var copy = new Dictionary<string, JsonElement>(input) { [field] = JsonSerializer.SerializeToElement(value, ApiFixture.Json) };
        return copy;
    }
}
