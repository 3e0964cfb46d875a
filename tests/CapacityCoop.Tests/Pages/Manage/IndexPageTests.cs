using System.Text.RegularExpressions;
using System.Xml.Linq;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Features.Staff.DraftTestData;

namespace CapacityCoop.Tests.Pages.Manage;

/// <summary>The staff home and the Staff link in the header.</summary>
public sealed partial class IndexPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_home_counts_open_drafts_by_type_and_lists_the_users_own_drafts()
    {
        var editor = await StaffSession.SignInAsync(api.App, "home-editor@example.org", PortalRoles.Editor);
        var other = await ActorAsync(api.App, (await StaffSession.SignInAsync(api.App, "home-other@example.org", PortalRoles.Editor)).Email);
        var me = await ActorAsync(api.App, editor.Email);
        var mine = await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("Home Page Draft Ltd"), me);
        await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("Someone Else's Draft Ltd"), other);
        await SaveDraftAsync(api.App, "agreement", null, NewAgreement("Home page draft memorandum"), other);
        var open = await api.QueryAsync(db => db.Drafts.Where(d => DraftStates.Open.Contains(d.State)).ToListAsync());

        var home = await editor.GetDocumentAsync("/Manage");

        var counts = home.QuerySelectorAll("[data-testid='open-by-type'] a").Select(a => (a.GetAttribute("href"), HtmlPage.Text(a))).ToList();
        counts.ShouldContain(("/Manage/Drafts?type=organisation", $"Organisation — open drafts: {open.Count(d => d.EntityType == "organisation")}"));
        counts.ShouldContain(("/Manage/Drafts?type=agreement", $"Agreement — open drafts: {open.Count(d => d.EntityType == "agreement")}"));
        var own = home.QuerySelectorAll("[data-testid='my-drafts'] li").ToList();
        own.Count.ShouldBe(1);
        own[0].QuerySelector("a")!.GetAttribute("href").ShouldBe($"/Manage/Drafts/Details?id={mine.Id}");
        own[0].TextContent.ShouldContain("Home Page Draft Ltd");
        own[0].TextContent.ShouldContain("New record");
        home.QuerySelector("[data-testid='four-eyes']")!.TextContent.Trim().ShouldBe("Four-eyes is off: an Editor may publish their own drafts.");
    }

    [Fact]
    public async Task Links_follow_the_role_admin_pages_for_admins_and_import_for_editors()
    {
        var viewer = await StaffSession.SignInAsync(api.App, "home-viewer@example.org", PortalRoles.Viewer);
        var editor = await StaffSession.SignInAsync(api.App, "home-links-editor@example.org", PortalRoles.Editor);
        var admin = await StaffSession.SignInAsync(api.App, "home-admin@example.org", PortalRoles.Admin);

        static async Task<List<string>> LinksAsync(StaffSession session) =>
            (await session.GetDocumentAsync("/Manage")).QuerySelectorAll("main a").Select(a => a.GetAttribute("href")!).ToList();

        var viewerLinks = await LinksAsync(viewer);
        var editorLinks = await LinksAsync(editor);
        var adminLinks = await LinksAsync(admin);

        foreach (var links in new[] { viewerLinks, editorLinks, adminLinks })
        {
            links.ShouldContain("/Manage/Agreements");
            links.ShouldContain("/Manage/Projects");
            links.ShouldContain("/Manage/Organisations");
            links.ShouldContain("/Manage/Drafts");
        }

        viewerLinks.ShouldNotContain("/Manage/Import");
        editorLinks.ShouldContain("/Manage/Import");
        viewerLinks.ShouldNotContain("/Manage/Admin/Users");
        editorLinks.ShouldNotContain("/Manage/Admin/Users");
        editorLinks.ShouldNotContain("/Manage/Admin/ApiKeys");
        adminLinks.ShouldContain("/Manage/Admin/Users");
        adminLinks.ShouldContain("/Manage/Admin/ApiKeys");
    }

    [Fact]
    public async Task The_header_shows_a_Staff_link_to_signed_in_staff_marked_current_on_staff_pages()
    {
        var viewer = await StaffSession.SignInAsync(api.App, "header-viewer@example.org", PortalRoles.Viewer);

        var onStaffPage = (await viewer.GetDocumentAsync("/Manage/Drafts")).QuerySelector("header [data-testid='staff-link']").ShouldNotBeNull();
        var onPublicPage = (await viewer.GetDocumentAsync("/agreements")).QuerySelector("header [data-testid='staff-link']").ShouldNotBeNull();

        onStaffPage.GetAttribute("href").ShouldBe("/Manage");
        onStaffPage.TextContent.ShouldBe("Staff");
        onStaffPage.GetAttribute("aria-current").ShouldBe("page");
        onPublicPage.GetAttribute("aria-current").ShouldBe("false");
        (await HtmlPage.GetAsync(api.Client(), "/agreements")).Document.QuerySelector("[data-testid='staff-link']").ShouldBeNull();
        var withKey = await HtmlPage.GetAsync(api.Client(await api.CreateKeyAsync("read", "write")), "/agreements");
        withKey.Document.QuerySelector("[data-testid='staff-link']").ShouldBeNull("an API key never opens staff pages");
    }

    [Fact]
    public async Task The_staff_home_is_translated_into_Chinese()
    {
        var viewer = await StaffSession.SignInAsync(api.App, "home-chinese@example.org", PortalRoles.Viewer);

        var home = await viewer.GetDocumentAsync("/Manage?culture=zh-CN");

        home.QuerySelector("h1")!.TextContent.ShouldBe("工作人员区");
        home.QuerySelector("header [data-testid='staff-link']")!.TextContent.ShouldBe("工作人员");
    }

    [Fact]
    public void Every_literal_text_of_the_staff_home_queue_review_and_history_pages_has_a_Chinese_translation()
    {
        var web = WebProject();
        var chinese = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.zh.resx")).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);
        var files = new[] { "Pages/Manage/Index.cshtml", "Pages/Manage/History.cshtml", "Pages/Manage/Drafts/Index.cshtml", "Pages/Manage/Drafts/Details.cshtml", "Pages/Manage/Drafts/Details.cshtml.cs" };

        var keys = files.SelectMany(f => LocalizedLiteral().Matches(File.ReadAllText(Path.Combine(web, f))).Select(m => m.Groups["key"].Value)).Distinct().ToList();

        keys.Count.ShouldBeGreaterThan(50);
        keys.Where(k => !chinese.Contains(k)).ShouldBeEmpty();
        foreach (var prefix in new[] { "draft-state-", "record-type-" })
        {
            chinese.Count(k => k.StartsWith(prefix, StringComparison.Ordinal)).ShouldBe(prefix == "draft-state-" ? 4 : 3);
        }
    }

    private static string WebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CapacityCoop.Web");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/CapacityCoop.Web not found above the test output folder.");
    }

    // T["..."] or text["..."] with a literal key, as a whole key (not the start of a concatenation).
    [GeneratedRegex("""\b(?:T|text)\["(?<key>(?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex LocalizedLiteral();
}
