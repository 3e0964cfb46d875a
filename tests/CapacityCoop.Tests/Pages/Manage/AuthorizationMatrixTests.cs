using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CapacityCoop.Tests.Features.Staff;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CapacityCoop.Tests.Pages.Manage.DraftsPageSupport;

namespace CapacityCoop.Tests.Pages.Manage;

/// <summary>Who may open a staff page or send a staff form: any signed-in staff role, Editors and Admins, or Admins only.</summary>
public enum Access
{
    Staff,
    Editor,
    Admin,
}

/// <summary>
/// One staff page: its address (with {draft}, {agreement}, {project}, {organisation} filled in from the fixture) and who
/// may open it. <see cref="PendingOnBranch"/> marks pages another branch builds: they are left out of the matrix until
/// the lead merges that branch and removes the flag (a test fails once such a page exists, as a reminder).
/// </summary>
public sealed record StaffPageRow(string Url, Access Level, bool PendingOnBranch = false)
{
    public string Path => Url.Split('?')[0];
}

/// <summary>One staff form's POST target and who may send it.</summary>
public sealed record StaffPostRow(string Url, Access Level, bool PendingOnBranch = false, Dictionary<string, string>? Fields = null);

/// <summary>
/// The app with signed-in Viewer, Editor and Admin sessions, a read and a write API key, a draft to act on, and rate
/// limits high enough for the whole matrix.
/// </summary>
public sealed class AuthorizationMatrixFixture : ApiFixture
{
    public StaffSession Viewer { get; private set; } = null!;
    public StaffSession Editor { get; private set; } = null!;
    public StaffSession Admin { get; private set; } = null!;
    public string ReadKey { get; private set; } = "";
    public string WriteKey { get; private set; } = "";
    public Dictionary<string, string> Ids { get; } = [];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:WritePermitsPerMinute"] = "100000",
        ["RateLimiting:ReadPermitsPerMinute"] = "100000",
        ["RateLimiting:PagePermitsPerMinute"] = "100000",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Viewer = await StaffSession.SignInAsync(App, "matrix-viewer@example.org", PortalRoles.Viewer);
        Editor = await StaffSession.SignInAsync(App, "matrix-editor@example.org", PortalRoles.Editor);
        Admin = await StaffSession.SignInAsync(App, "matrix-admin@example.org", PortalRoles.Admin);
        ReadKey = await CreateKeyAsync(ApiKeyScopes.Read);
        WriteKey = await CreateKeyAsync(ApiKeyScopes.Write);
        var author = await DraftTestData.ActorAsync(App, (await StaffSession.SignInAsync(App, "matrix-author@example.org", PortalRoles.Editor)).Email);
        Ids["draft"] = Text((await DraftTestData.SaveDraftAsync(App, "organisation", null, DraftTestData.NewOrganisation("Matrix Draft Ltd"), author)).Id);
        Ids["agreement"] = Text(await QueryAsync(db => db.Agreements.OrderBy(a => a.Id).Select(a => a.Id).FirstAsync()));
        Ids["project"] = Text(await QueryAsync(db => db.Projects.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync()));
        Ids["organisation"] = Text(await QueryAsync(db => db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync()));
        Ids["user"] = author.Id;
        Ids["key"] = Text(await QueryAsync(db => db.ApiKeys.Where(k => k.Name == "tests-read").Select(k => k.Id).SingleAsync()));
        Ids["batch"] = Text(await QueryAsync(async db =>
        {
            var batch = new ImportBatch { EntityType = "agreement", FileName = "matrix.csv", CreatedById = author.Id, CreatedBy = author.Name };
            db.ImportBatches.Add(batch);
            await db.SaveChangesAsync();
            return batch.Id;
        }));
    }

    private static string Text(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Fill(string url) => Ids.Aggregate(url, (u, id) => u.Replace($"{{{id.Key}}}", Uri.EscapeDataString(id.Value), StringComparison.Ordinal));

    /// <summary>A client without cookies that sends <paramref name="key"/> as X-Api-Key or as a Bearer token, and does not follow redirects.</summary>
    public HttpClient KeyClient(string key, bool bearer)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (bearer)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        }

        return client;
    }

    public StaffSession Session(string role) => role switch
    {
        PortalRoles.Viewer => Viewer,
        PortalRoles.Editor => Editor,
        _ => Admin,
    };

    /// <summary>Everything a staff POST could change, as one comparable text (API keys' last use aside: reading moves it).</summary>
    public Task<string> SnapshotAsync() => QueryAsync(async db => JsonSerializer.Serialize(new
    {
        drafts = await db.Drafts.OrderBy(d => d.Id).Select(d => new { d.Id, d.State, d.Version, d.UpdatedById, d.ReviewedById }).ToListAsync(),
        agreements = await db.Agreements.OrderBy(a => a.Id).Select(a => new { a.Id, a.Version }).ToListAsync(),
        projects = await db.Projects.OrderBy(p => p.Id).Select(p => new { p.Id, p.Version }).ToListAsync(),
        organisations = await db.Organisations.OrderBy(o => o.Id).Select(o => new { o.Id, o.Version }).ToListAsync(),
        audit = await db.AuditEntries.CountAsync(),
        imports = await db.ImportBatches.CountAsync(),
        users = await db.Users.OrderBy(u => u.Id).Select(u => new { u.Id, u.Email, u.DisabledAt, u.PasswordHash }).ToListAsync(),
        roles = await db.UserRoles.OrderBy(r => r.UserId).ThenBy(r => r.RoleId).Select(r => new { r.UserId, r.RoleId }).ToListAsync(),
        keys = await db.ApiKeys.OrderBy(k => k.Id).Select(k => new { k.Id, k.Name, k.RevokedAt }).ToListAsync(),
    }));
}

/// <summary>
/// The authorisation matrix of the staff area (issue 5): every staff page and form and every API write, for anonymous
/// visitors, a Viewer, an Editor and an Admin (sign-in cookie) and a read-only and a write API key.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture app) : IClassFixture<AuthorizationMatrixFixture>
{
    /// <summary>Every staff page. A page added under /Manage must be added here (see <see cref="Every_staff_page_is_in_the_table"/>).</summary>
    public static readonly IReadOnlyList<StaffPageRow> Pages =
    [
        new("/Manage", Access.Staff),
        new("/Manage/Drafts", Access.Staff),
        new("/Manage/Drafts/Details?id={draft}", Access.Staff),
        new("/Manage/History?type=agreement&id={agreement}", Access.Staff),
        new("/Manage/Agreements", Access.Staff),
        new("/Manage/Agreements/Edit", Access.Editor),
        new("/Manage/Projects", Access.Staff),
        new("/Manage/Projects/Edit", Access.Editor),
        new("/Manage/Organisations", Access.Staff),
        new("/Manage/Organisations/Edit", Access.Editor),
        new("/Manage/Lookup?type=organisation&q=a", Access.Staff),
        new("/Manage/Import", Access.Editor),
        new("/Manage/Import/Template?type=agreement", Access.Editor),
        new("/Manage/Import/Batch?id={batch}", Access.Editor),
        new("/Manage/Admin/Users", Access.Admin),
        new("/Manage/Admin/Users/Create", Access.Admin),
        new("/Manage/Admin/Users/Edit/{user}", Access.Admin),
        new("/Manage/Admin/ApiKeys", Access.Admin),
        new("/Manage/Admin/ApiKeys/Create", Access.Admin),
        new("/Manage/Admin/ApiKeys/Revoke/{key}", Access.Admin),
    ];

    /// <summary>
    /// Every staff form's POST. Authorisation runs before a handler is chosen, so a refusal does not depend on the
    /// handler names of pages built on other branches; the review handlers check the role themselves.
    /// </summary>
    public static readonly IReadOnlyList<StaffPostRow> Posts =
    [
        new("/Manage/Drafts/Details?id={draft}&handler=Publish", Access.Editor),
        new("/Manage/Drafts/Details?id={draft}&handler=Reject", Access.Editor, Fields: new() { ["Reason"] = "Refused in the matrix" }),
        new("/Manage/Drafts/Details?id={draft}&handler=Discard", Access.Editor),
        new("/Manage/Agreements/Edit", Access.Editor, Fields: new() { ["Form.Title"] = "Matrix agreement" }),
        new("/Manage/Agreements/Edit?id={agreement}", Access.Editor, Fields: new() { ["Form.Title"] = "Matrix agreement" }),
        new("/Manage/Agreements/Edit?id={agreement}&handler=Archive", Access.Editor),
        new("/Manage/Agreements/Edit?id={agreement}&handler=Restore", Access.Editor),
        new("/Manage/Projects/Edit", Access.Editor, Fields: new() { ["Form.Name"] = "Matrix project" }),
        new("/Manage/Projects/Edit?id={project}", Access.Editor, Fields: new() { ["Form.Name"] = "Matrix project" }),
        new("/Manage/Projects/Edit?id={project}&handler=Archive", Access.Editor),
        new("/Manage/Projects/Edit?id={project}&handler=Restore", Access.Editor),
        new("/Manage/Organisations/Edit", Access.Editor, Fields: new() { ["Form.Name"] = "Matrix organisation" }),
        new("/Manage/Organisations/Edit?id={organisation}", Access.Editor, Fields: new() { ["Form.Name"] = "Matrix organisation" }),
        new("/Manage/Organisations/Edit?id={organisation}&handler=Archive", Access.Editor),
        new("/Manage/Organisations/Edit?id={organisation}&handler=Restore", Access.Editor),
        new("/Manage/Import?handler=Check", Access.Editor),
        new("/Manage/Import?handler=Import", Access.Editor),
        new("/Manage/Import/Batch?id={batch}&handler=Publish", Access.Editor),
        new("/Manage/Admin/Users/Create", Access.Admin, Fields: new() { ["Input.Email"] = "matrix-invited@example.org", ["Input.Role"] = "Admin" }),
        new("/Manage/Admin/Users/Edit/{user}?handler=Save", Access.Admin, Fields: new() { ["Input.Role"] = "Admin" }),
        new("/Manage/Admin/Users/Edit/{user}?handler=Disable", Access.Admin),
        new("/Manage/Admin/Users/Edit/{user}?handler=Enable", Access.Admin),
        new("/Manage/Admin/Users/Edit/{user}?handler=Unlock", Access.Admin),
        new("/Manage/Admin/Users/Edit/{user}?handler=ResetPassword", Access.Admin),
        new("/Manage/Admin/ApiKeys/Create", Access.Admin, Fields: new() { ["Input.Name"] = "matrix key", ["Input.Scopes"] = "write" }),
        new("/Manage/Admin/ApiKeys/Revoke/{key}", Access.Admin),
    ];

    private static readonly string[] Roles = [PortalRoles.Viewer, PortalRoles.Editor, PortalRoles.Admin];

    public static TheoryData<string> PagesOnThisBranch => new(Pages.Where(p => !p.PendingOnBranch).Select(p => p.Url));

    public static TheoryData<string> PostsOnThisBranch => new(Posts.Where(p => !p.PendingOnBranch).Select(p => p.Url));

    public static TheoryData<string> RecordTypes => new("agreements", "projects", "organisations");

    private static bool Allows(Access level, string role) => level switch
    {
        Access.Staff => true,
        Access.Editor => role is PortalRoles.Editor or PortalRoles.Admin,
        _ => role == PortalRoles.Admin,
    };

    [Theory]
    [MemberData(nameof(PagesOnThisBranch))]
    public async Task Each_staff_page_is_served_only_to_the_roles_it_is_for(string template)
    {
        var row = Pages.Single(p => p.Url == template);
        var url = app.Fill(template);

        var anonymous = await StaffSession.NewClient(app.App).GetAsync(url);
        anonymous.ShouldRedirectToSignIn($"anonymous GET {url}");
        anonymous.Headers.Location!.OriginalString.ShouldEndWith("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(url));

        foreach (var (key, bearer) in new[] { (app.ReadKey, false), (app.ReadKey, true), (app.WriteKey, false), (app.WriteKey, true) })
        {
            var response = await app.KeyClient(key, bearer).GetAsync(url);
            var because = $"GET {url} with the {(key == app.ReadKey ? "read" : "write")} key as {(bearer ? "Bearer" : "X-Api-Key")}";
            response.StatusCode.ShouldNotBe(HttpStatusCode.OK, because);
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Redirect], because);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                response.Headers.Location!.OriginalString.ShouldContain("/Account/", Case.Insensitive, because);
            }
        }

        foreach (var role in Roles)
        {
            var response = await app.Session(role).Client.GetAsync(url);
            if (Allows(row.Level, role))
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{role} GET {url}");
            }
            else
            {
                response.ShouldBeRefusedForTheRole($"{role} GET {url}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(PostsOnThisBranch))]
    public async Task Each_staff_post_is_refused_to_anonymous_visitors_keys_wrong_roles_and_requests_without_a_token_and_changes_nothing(string template)
    {
        var row = Posts.Single(p => p.Url == template);
        var url = app.Fill(template);
        var fields = row.Fields ?? new Dictionary<string, string>();
        var before = await app.SnapshotAsync();

        var anonymous = StaffSession.NewClient(app.App);
        var loginForm = (IHtmlFormElement)(await StaffSession.ParseAsync(await anonymous.GetAsync("/Account/Login"))).QuerySelector("main form")!;
        var anonymousFields = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = StaffSession.FormFields(loginForm).Single(f => f.Key == "__RequestVerificationToken").Value,
        };
        (await anonymous.PostAsync(url, new FormUrlEncodedContent(anonymousFields))).ShouldRedirectToSignIn($"anonymous POST {url}");

        foreach (var (key, bearer) in new[] { (app.ReadKey, false), (app.WriteKey, true) })
        {
            var response = await app.KeyClient(key, bearer).PostAsync(url, new FormUrlEncodedContent(fields));
            response.IsSuccessStatusCode.ShouldBeFalse($"POST {url} with an API key");
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Redirect, HttpStatusCode.BadRequest], $"POST {url} with an API key");
        }

        foreach (var role in Roles)
        {
            var session = app.Session(role);
            if (Allows(row.Level, role))
            {
                var withoutToken = await session.Client.PostAsync(url, new FormUrlEncodedContent(fields));
                withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{role} POST {url} without an antiforgery token");
            }
            else
            {
                (await PostWithTokenAsync(session, url, fields)).ShouldBeRefusedForTheRole($"{role} POST {url}");
            }
        }

        (await app.SnapshotAsync()).ShouldBe(before, $"nothing may change through refused POSTs to {url}");
    }

    [Fact]
    public void Every_staff_page_is_in_the_table()
    {
        var discovered = DiscoveredStaffPages();
        discovered.Select(p => p.ViewEnginePath).ShouldContain("/Manage/Drafts/Details", "discovery must see the pages of this branch");
        discovered.Single(p => p.ViewEnginePath == "/Manage/Index").Routes.ShouldContain("/Manage");

        var missing = discovered
            .Where(page => !page.Routes.Any(route => Pages.Any(p => SamePath(route, p.Path))))
            .Select(page => page.ViewEnginePath)
            .ToList();

        missing.ShouldBeEmpty("every page under /Manage needs a row in AuthorizationMatrixTests.Pages saying who may open it");
    }

    [Fact]
    public void Every_row_of_the_table_is_a_page_of_the_app_unless_it_is_pending_on_this_branch()
    {
        var routes = AllRoutes().ToList();
        bool Exists(string url) => routes.Any(route => SamePath(route, url.Split('?')[0]));

        Pages.Where(p => !p.PendingOnBranch && !Exists(p.Url)).Select(p => p.Url).ShouldBeEmpty("rows for pages that do not exist");
        Posts.Where(p => !p.PendingOnBranch && !Exists(p.Url)).Select(p => p.Url).ShouldBeEmpty("rows for forms whose page does not exist");

        // After the lead merges the other branches their pages exist: the flag has to go, so the matrix covers them.
        Pages.Where(p => p.PendingOnBranch && Exists(p.Url)).Select(p => p.Url)
            .ShouldBeEmpty("these pages exist now: remove PendingOnBranch from their rows in Pages so the matrix tests them");
        Posts.Where(p => p.PendingOnBranch && Exists(p.Url)).Select(p => p.Url)
            .ShouldBeEmpty("these forms' pages exist now: remove PendingOnBranch from their rows in Posts so the matrix tests them");
    }

    [Theory]
    [InlineData("/Manage/Admin/Users/Edit/{id}", "/Manage/Admin/Users/Edit/{user}", true)]
    [InlineData("/Manage/Admin/ApiKeys/Revoke/{id:long}", "/Manage/Admin/ApiKeys/Revoke/{key}", true)]
    [InlineData("/Manage/Drafts/Details", "/manage/drafts/details", true)]
    [InlineData("/Manage/Drafts/Details", "/Manage/Drafts", false)]
    [InlineData("/Manage/Drafts", "/Manage/Drafts/Details", false)]
    [InlineData("/Manage/Admin/Users/Edit/{id}", "/Manage/Admin/Users/Create", false)]
    [InlineData("/Manage/Admin/Users/{id?}", "/Manage/Admin/Users", true)]
    public void Routes_and_rows_match_segment_by_segment_with_parameters_matching_anything(string route, string row, bool expected) =>
        SamePath(route, row).ShouldBe(expected);

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public async Task API_writes_need_a_write_key_or_an_editor_or_admin_sign_in(string type)
    {
        var existing = app.Ids[type.TrimEnd('s')];
        var before = await app.SnapshotAsync();

        var refused = new (string Who, HttpClient Client, HttpStatusCode Expected)[]
        {
            ("anonymous", app.App.CreateClient(), HttpStatusCode.Unauthorized),
            ("a viewer", app.Viewer.Client, HttpStatusCode.Forbidden),
            ("the read key (X-Api-Key)", app.KeyClient(app.ReadKey, bearer: false), HttpStatusCode.Forbidden),
            ("the read key (Bearer)", app.KeyClient(app.ReadKey, bearer: true), HttpStatusCode.Forbidden),
        };
        foreach (var (who, client, expected) in refused)
        {
            (await client.PostAsJsonAsync($"/api/v1/{type}", Body(type, $"Refused for {who}"))).StatusCode.ShouldBe(expected, $"POST {type} by {who}");
            (await client.PutAsJsonAsync($"/api/v1/{type}/{existing}", Body(type, $"Refused for {who}"))).StatusCode.ShouldBe(expected, $"PUT {type} by {who}");
            (await client.DeleteAsync($"/api/v1/{type}/{existing}")).StatusCode.ShouldBe(expected, $"DELETE {type} by {who}");
            (await client.PostAsync($"/api/v1/{type}/{existing}/restore", null)).StatusCode.ShouldBe(expected, $"restore {type} by {who}");
        }

        (await app.SnapshotAsync()).ShouldBe(before, "refused API writes change nothing");

        var allowed = new (string Who, HttpClient Client)[]
        {
            ("the write key (X-Api-Key)", app.KeyClient(app.WriteKey, bearer: false)),
            ("the write key (Bearer)", app.KeyClient(app.WriteKey, bearer: true)),
            ("an editor", app.Editor.Client),
            ("an admin", app.Admin.Client),
        };
        foreach (var (who, client) in allowed)
        {
            var created = await client.PostAsJsonAsync($"/api/v1/{type}", Body(type, $"Matrix {type} by {who}"));
            created.StatusCode.ShouldBe(HttpStatusCode.Created, $"POST {type} by {who}: {await created.Content.ReadAsStringAsync()}");
            var location = created.Headers.Location!.OriginalString;

            using var put = new HttpRequestMessage(HttpMethod.Put, location) { Content = JsonContent.Create(Body(type, $"Matrix {type} by {who}, replaced")) };
            put.Headers.IfMatch.Add(created.Headers.ETag!);
            var replaced = await client.SendAsync(put);
            replaced.StatusCode.ShouldBe(HttpStatusCode.OK, $"PUT {type} by {who}: {await replaced.Content.ReadAsStringAsync()}");

            (await client.DeleteAsync(location)).StatusCode.ShouldBe(HttpStatusCode.NoContent, $"DELETE {type} by {who}");
            (await client.PostAsync($"{location}/restore", null)).StatusCode.ShouldBe(HttpStatusCode.OK, $"restore {type} by {who}");

            var history = await app.GetJsonAsync<List<CapacityCoop.Web.Features.Api.AuditEntryDto>>($"{location}/history");
            history.Select(h => h.Action).ShouldBe(["create", "update", "archive", "restore"], $"the audit trail of {who}'s writes");
        }
    }

    private static object Body(string type, string title) => type switch
    {
        "agreements" => DraftTestData.NewAgreement(title),
        "organisations" => DraftTestData.NewOrganisation(title),
        _ => new
        {
            name = title,
            hostCountry = "KEN",
            status = "planned",
            sectors = new[] { "building-materials" },
            summary = "A project written in the authorisation matrix.",
            sources = new object[] { new { title = "Matrix release", publisher = "Test Agency", publishedOn = "2016-05-20", url = "https://example.org/matrix" } },
        },
    };

    private sealed record DiscoveredPage(string ViewEnginePath, IReadOnlyList<string> Routes);

    /// <summary>The Razor pages under /Manage, with every route each answers on ("/Manage/Index" also answers on "/Manage").</summary>
    private List<DiscoveredPage> DiscoveredStaffPages() =>
        app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<PageActionDescriptor>(), Route: "/" + e.RoutePattern.RawText?.TrimStart('/')))
            .Where(e => e.Page is not null && e.Page.ViewEnginePath.StartsWith("/Manage/", StringComparison.OrdinalIgnoreCase))
            .GroupBy(e => e.Page!.ViewEnginePath)
            .Select(g => new DiscoveredPage(g.Key, g.Select(e => e.Route).Distinct().ToList()))
            .ToList();

    private IEnumerable<string> AllRoutes() =>
        app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/'));

    /// <summary>Whether a route template and a row's path name the same page: "{...}" on either side matches any one segment, "{x?}" also none.</summary>
    private static bool SamePath(string route, string row)
    {
        var routeSegments = route.Trim('/').Split('/');
        var rowSegments = row.Trim('/').Split('/');
        if (rowSegments.Length > routeSegments.Length
            || routeSegments.Skip(rowSegments.Length).Any(s => !(s.StartsWith('{') && s.EndsWith("?}", StringComparison.Ordinal))))
        {
            return false;
        }

        return rowSegments.Zip(routeSegments).All(pair =>
            pair.First.StartsWith('{') || pair.Second.StartsWith('{') || string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));
    }
}
