using System.Net;
using System.Text;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Pages.Manage.Import.ImportUploads;

namespace CapacityCoop.Tests.Pages.Manage.Import;

/// <summary>Projects go through the same check, commit and publication as agreements.</summary>
public sealed class ImportProjectTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_check_commit_and_publish_projects_and_report_a_repeat_of_a_seed_project()
    {
        var editor = await StaffSession.SignInAsync(api.App, "projects@example.org", PortalRoles.Editor);
        var template = Encoding.UTF8.GetString(await editor.Client.GetByteArrayAsync("/Manage/Import/Template?type=project&example=true")).TrimStart('\uFEFF');
        var lines = template.Split("\r\n");
        var header = lines[0].Split(',');
        header[..5].ShouldBe(["name", "name_zh", "host_country", "status", "sectors"]);
        var agreementId = await api.QueryAsync(db => db.Agreements.Where(a => a.Slug == "chn-kaz-capacity-framework-2014").Select(a => a.Id).SingleAsync());
        string Row(Dictionary<string, string> values) => string.Join(',', header.Select(h => values.GetValueOrDefault(h, "")));
        var rows = new[]
        {
            Row(new() { ["name"] = "Imported cement plant", ["host_country"] = "KAZ", ["status"] = "planned", ["sectors"] = "building-materials",
                ["agreement_ids"] = agreementId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["capacity_value"] = "1.5", ["capacity_unit"] = "Mt/yr",
                ["construction_start_on"] = "2016-03", ["latitude"] = "50.28", ["longitude"] = "57.17", ["source_id"] = "1" }),
            Row(new() { ["name"] = "Imported glass plant", ["name_zh"] = "浮法玻璃厂", ["host_country"] = "kaz", ["status"] = "under-construction",
                ["sectors"] = "building-materials;industrial-parks", ["investment_amount"] = "300000000", ["investment_currency"] = "USD", ["jobs_created"] = "800",
                ["source_title"] = "Glass plant release", ["source_url"] = "https://example.org/glass" }),
        };
        var before = await CountAsync(api);

        var seedRepeat = await CheckAsync(editor, "project", Utf8(template));
        var bad = await CheckAsync(editor, "project", Utf8(lines[0] + "\n" + Row(new() { ["name"] = "Bad project", ["host_country"] = "XYZ", ["status"] = "planned", ["sectors"] = "steel", ["jobs_created"] = "many", ["source_id"] = "1" }) + "\n"));
        var good = await CheckAsync(editor, "project", Utf8(lines[0] + "\n" + string.Join("\n", rows) + "\n"));

        Errors(seedRepeat).ShouldHaveSingleItem().Message.ShouldStartWith("Repeats project ");
        Errors(seedRepeat)[0].Column.ShouldBe("name");
        Errors(bad).Select(e => (e.Row, e.Column)).ShouldBe([(2, "host_country"), (2, "jobs_created")]);
        Errors(good).ShouldBeEmpty();
        (await CountAsync(api)).ShouldBe(before);

        var batchId = await CommitAsync(editor, "project", Utf8(lines[0] + "\n" + string.Join("\n", rows) + "\n"), "projects.csv");
        (await CountAsync(api)).ShouldBe(before with { Drafts = before.Drafts + 2, Batches = before.Batches + 1 });
        var publish = await editor.SubmitAsync($"/Manage/Import/Batch?id={batchId}", "form.publish-all", []);

        publish.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var projects = await api.QueryAsync(db => db.Projects.Include(p => p.Agreements).Include(p => p.Sectors)
            .Where(p => p.Name.StartsWith("Imported ")).OrderBy(p => p.Name).ToListAsync());
        projects.Select(p => p.Name).ShouldBe(["Imported cement plant", "Imported glass plant"]);
        projects[0].Agreements.Single().AgreementId.ShouldBe(agreementId);
        projects[0].CapacityValue.ShouldBe(1.5m);
        projects[0].ConstructionStart.ShouldBe(PartialDate.Parse("2016-03"));
        projects[1].HostCountryIso3.ShouldBe("KAZ");
        projects[1].NameZh.ShouldBe("浮法玻璃厂");
        projects[1].Sectors.Count.ShouldBe(2);
        var audit = await api.QueryAsync(db => db.AuditEntries.Where(e => e.EntityType == "project" && projects.Select(p => p.Id).Contains(e.EntityId)).ToListAsync());
        audit.Count.ShouldBe(2);
        audit.ShouldAllBe(e => e.Action == "create" && e.Actor == "projects@example.org" && e.Note!.Contains($"import {batchId}"));
        (await editor.GetDocumentAsync($"/Manage/Import/Batch?id={batchId}")).QuerySelector(".batch-facts")!.TextContent.ShouldContain("published");
    }
}

/// <summary>With four-eyes on, whoever imported a batch cannot publish it; a second Editor can, and the audit names both.</summary>
public sealed class ImportFourEyesTests(ImportFourEyesTests.Fixture api) : IClassFixture<ImportFourEyesTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Staff:RequireSecondEditor"] = "true" };
    }

    [Fact]
    public async Task The_importer_cannot_publish_their_own_batch_but_a_second_editor_can()
    {
        var importer = await StaffSession.SignInAsync(api.App, "first-editor@example.org", PortalRoles.Editor);
        var reviewer = await StaffSession.SignInAsync(api.App, "second-editor@example.org", PortalRoles.Editor);
        var batchId = await CommitAsync(importer, "agreement", AgreementFile(AgreementRow("Four eyes row one"), AgreementRow("Four eyes row two")));

        var ownPage = await importer.GetDocumentAsync($"/Manage/Import/Batch?id={batchId}");
        ownPage.QuerySelector("form.publish-all").ShouldBeNull();
        ownPage.QuerySelector(".notice")!.TextContent.ShouldContain("needs a second Editor");
        var token = ownPage.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var forced = await importer.Client.PostAsync($"/Manage/Import/Batch?id={batchId}&handler=Publish",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        forced.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StaffSession.ParseAsync(forced)).QuerySelector(".errors")!.TextContent.ShouldContain("you imported this batch");
        (await api.QueryAsync(db => db.Agreements.CountAsync(a => a.Title.StartsWith("Four eyes")))).ShouldBe(0);

        var published = await reviewer.SubmitAsync($"/Manage/Import/Batch?id={batchId}", "form.publish-all", []);

        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var audit = await api.QueryAsync(db => db.AuditEntries
            .Where(e => e.EntityType == "agreement" && db.Agreements.Any(a => a.Id == e.EntityId && a.Title.StartsWith("Four eyes"))).ToListAsync());
        audit.Count.ShouldBe(2);
        audit.ShouldAllBe(e => e.Actor == "first-editor@example.org" && e.Note!.EndsWith("published by second-editor@example.org"));
    }
}
