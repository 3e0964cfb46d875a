using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CapacityCoop.Web.Infrastructure.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// API-key authentication and the API's policies. The API-key scheme is the default for now; the cookie
    /// sign-in for editors will join it (and the policies already accept users in the Editor or Admin role).
    /// </summary>
    public static IServiceCollection AddPortalAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ApiKeyService>();
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));

        services.AddAuthentication(options =>
            {
                options.DefaultAuthenticateScheme = ApiKeyDefaults.Scheme;
                options.DefaultChallengeScheme = ApiKeyDefaults.Scheme;
                options.DefaultForbidScheme = ApiKeyDefaults.Scheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, configureOptions: null);

        services.AddSingleton<IAuthorizationHandler, ApiReadHandler>();
        services.AddSingleton<IAuthorizationHandler, ApiWriteHandler>();
        services.AddAuthorization(AuthPolicies.Add);
        return services;
    }
}
