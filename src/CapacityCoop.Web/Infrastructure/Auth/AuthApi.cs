using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CapacityCoop.Web.Infrastructure.Auth;

public sealed record WhoAmIResponse(bool Authenticated, string? Name, IReadOnlyList<string> Scopes);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapGet("/whoami", WhoAmI)
            .WithName("WhoAmI")
            .WithSummary("Who the API takes the caller to be (anonymous, an API key and its scopes, or a signed-in user).")
            .RequireAuthorization(AuthPolicies.Read);
        return app;
    }

    /// <summary>Who the API takes the caller to be: lets a client check its key without touching data.</summary>
    public static Ok<WhoAmIResponse> WhoAmI(ClaimsPrincipal user)
    {
        var identity = user.Identities.FirstOrDefault(i => i.IsAuthenticated);
        return TypedResults.Ok(identity is null
            ? new WhoAmIResponse(false, null, [])
            : new WhoAmIResponse(true, identity.Name, identity.FindAll(ApiKeyDefaults.ScopeClaim).Select(c => c.Value).ToList()));
    }
}
