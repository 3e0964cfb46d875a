using CapacityCoop.Web.Data;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Maps;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Auth;
using CapacityCoop.Web.Infrastructure.Localization;

var builder = WebApplication.CreateBuilder(args);

// The framework does this only in Development. `scripts/run.sh` runs the build output in Production too, where the
// precompressed assets (site.css.gz) live under obj/: without the manifest a browser asking for gzip gets an empty
// stylesheet. A published app has no manifest, so there this does nothing.
builder.WebHost.UseStaticWebAssets();
builder.AddPortalLogging();
builder.Services.AddPortalForwardedHeaders(builder.Configuration);
builder.Services.AddPortalRequestLimits();
builder.Services.AddPortalSecurityHeaders();
builder.Services.AddPortalPublicUrls(builder.Configuration);
builder.Services.AddPortalData(builder.Configuration);
builder.Services.AddPortalHealthChecks();
builder.Services.AddPortalProblemDetails();
builder.Services.AddPortalAuth(builder.Configuration);
builder.Services.AddPortalApi(builder.Configuration);
builder.Services.AddPortalLocalization();
builder.Services.AddWorldMap();
builder.Services.AddPortalCompression();
builder.Services.AddPortalPages();

var app = builder.Build();

if (PortalCommands.IsCommand(args))
{
    return await PortalCommands.RunAsync(app, args);
}

await app.PrepareDatabaseAsync();

app.UsePortalForwardedHeaders();

// Request logging outside the error handler, so the logged status is the one the client got.
app.UsePortalRequestLogging();
app.UsePortalSecurityHeaders();
app.UsePortalRequestLimits();
app.UsePortalErrorHandling();
app.UseResponseCompression();
app.UseRequestLocalization();
app.UseRouting();

// Before authentication: a client over its limit is turned away before its API key is looked up in the database.
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UsePortalNulGuard();
app.MapPortalHealthChecks();
app.MapPortalApi();
app.MapAuthApi();
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets().RequireRateLimiting(RateLimits.Page);

await app.RunAsync();
return 0;

/// <summary>Entry point marker for WebApplicationFactory in the tests.</summary>
public partial class Program;
