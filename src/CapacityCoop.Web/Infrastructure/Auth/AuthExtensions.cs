using System.Security.Claims;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CapacityCoop.Web.Infrastructure.Auth;

public static class AuthExtensions
{
    /// <summary>Picks the API key when the request sends one, else the staff sign-in cookie.</summary>
    public const string DefaultScheme = "Portal";

    /// <summary>Challenges and refusals: problem documents under /api, the sign-in page elsewhere.</summary>
    public const string ChallengeScheme = "PortalChallenge";

    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(8);

    /// <summary>Configuration key of the interval between two checks of a signed-in session against its account.</summary>
    public const string SessionValidationIntervalSetting = "Auth:SessionValidationInterval";

    public static readonly TimeSpan DefaultSessionValidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>API keys, the staff sign-in (ASP.NET Core Identity) and the API's policies.</summary>
    public static IServiceCollection AddPortalAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ApiKeyService>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<SignInSessions>();
        services.AddScoped<PortalCookieEvents>();
        services.Configure<SignInSessionOptions>(options =>
            options.AbsoluteLifetime = configuration.GetValue(SignInSessionOptions.AbsoluteLifetimeSetting, SignInSessionOptions.DefaultAbsoluteLifetime));
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));
        services.AddPortalDataProtection(configuration);
        services.AddSingleton<SignInFailures>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = DefaultScheme;
                options.DefaultChallengeScheme = ChallengeScheme;
                options.DefaultForbidScheme = ChallengeScheme;
            })
            .AddPolicyScheme(DefaultScheme, "API key or sign-in cookie", options =>
                options.ForwardDefaultSelector = context =>
                    SendsApiKey(context.Request) ? ApiKeyDefaults.Scheme : IdentityConstants.ApplicationScheme)
            .AddPolicyScheme(ChallengeScheme, "Problem documents for the API, the sign-in page for pages", options =>
                options.ForwardDefaultSelector = context =>
                    SendsApiKey(context.Request) || IsApi(context.Request) || ApiKeyAuthenticationHandler.KeyIdentity(context.User) is not null
                        ? ApiKeyDefaults.Scheme
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, configureOptions: null)
            .AddIdentityCookies();

        services.AddIdentityCore<PortalUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();

        // How often a sign-in cookie is checked against the account (security stamp, disabled, roles): a disabled
        // account or a changed role takes effect within this interval. See SessionValidationIntervalSetting.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = configuration.GetValue(SessionValidationIntervalSetting, DefaultSessionValidationInterval);

            // The refreshed principal is built from the account alone; it must keep naming the same server-side session.
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(SignInSessions.ClaimType) is { } session && context.NewPrincipal?.Identity is ClaimsIdentity identity)
                {
                    identity.AddClaim(session);
                }

                return Task.CompletedTask;
            };
        });

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "CapacityCoop.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = CookieLifetime;
            options.SlidingExpiration = true;
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";

            // Session check on every request, then Identity's stamp check (PortalCookieEvents).
            options.EventsType = typeof(PortalCookieEvents);
        });

        services.AddSingleton<IAuthorizationHandler, ApiReadHandler>();
        services.AddSingleton<IAuthorizationHandler, ApiWriteHandler>();
        services.AddAuthorization(AuthPolicies.Add);
        return services;
    }

    private static bool SendsApiKey(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyDefaults.HeaderName)
        || (request.Headers.Authorization.ToString().Trim() + " ").StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
