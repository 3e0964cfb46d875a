using System.Net;
using System.Text.Json;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Pages.Manage.Import.ImportUploads;

namespace CapacityCoop.Tests.Pages.Manage.Import;

/// <summary>Committing an import (drafts of one batch, nothing public) and publishing the batch (all or nothing).</summary>
public sealed class ImportCommitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_commit_a_good_file_as_drafts_of_one_batch_and_publish_them_all_at_once()
    {
        var editor = await StaffSession.SignInAsync(api.App, "importer@example.org", PortalRoles.Editor);
        var titles = Enumerable.Range(1, 3).Select(i => $"Imported framework number {i}").ToList();
        var file = AgreementFile([.. titles.Select(t => AgreementRow(t))]);
        var before = await CountAsync(api);

        var batchId = await CommitAsync(editor, "agreement", file, "three-rows.csv");

        var afterCommit = await CountAsync(api);
        afterCommit.ShouldBe(before with { Drafts = before.Drafts + 3, Batches = before.Batches + 1 });
        var batch = await api.QueryAsync(db => db.ImportBatches.SingleAsync(b => b.Id == batchId));
        batch.FileName.ShouldBe("three-rows.csv");
        batch.RowCount.ShouldBe(3);
        batch.CreatedBy.ShouldBe("importer@example.org");
        batch.PublishedAt.ShouldBeNull();
        var drafts = await api.QueryAsync(db => db.Drafts.Where(d => d.ImportBatchId == batchId).OrderBy(d => d.Id).ToListAsync());
        drafts.Select(d => d.Title).ShouldBe(titles);
        drafts.ShouldAllBe(d => d.State == DraftStates.Draft && d.EntityId == null && d.CreatedById == batch.CreatedById);
        (await api.Client().GetStringAsync("/api/v1/agreements?q=imported%20framework")).ShouldContain("\"totalCount\":0");
        var batchPage = await editor.GetDocumentAsync($"/Manage/Import/Batch?id={batchId}");
        batchPage.QuerySelectorAll("table tbody tr").Length.ShouldBe(3);
        batchPage.QuerySelector($"a[href='/Manage/Drafts/Details?id={drafts[0].Id}']").ShouldNotBeNull();

        var published = await editor.SubmitAsync($"/Manage/Import/Batch?id={batchId}", "form.publish-all", []);

        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var afterPublish = await CountAsync(api);
        afterPublish.ShouldBe(afterCommit with { Agreements = before.Agreements + 3, Sources = before.Sources + 1, AuditEntries = before.AuditEntries + 3 });
        var records = await api.QueryAsync(db => db.Agreements.Include(a => a.Parties).Include(a => a.Sectors).Include(a => a.Sources)
            .Where(a => titles.Contains(a.Title)).OrderBy(a => a.Title).ToListAsync());
        records.Select(a => a.Title).ShouldBe(titles);
        records.ShouldAllBe(a => a.Parties.Count == 2 && a.Sectors.Count == 2 && a.Sources.Count == 1 && a.ValueCurrency == "CNY");
        records.Select(a => a.Slug).ShouldBe(records.Select(a => $"imported-framework-number-{a.Title[^1]}-{a.Id}"));
        var audit = await api.QueryAsync(db => db.AuditEntries.Where(e => e.EntityType == "agreement" && records.Select(r => r.Id).Contains(e.EntityId)).ToListAsync());
        audit.Count.ShouldBe(3);
        var userId = batch.CreatedById;
        audit.ShouldAllBe(e => e.Action == "create" && e.ActorId == userId && e.Actor == "importer@example.org");
        audit.ShouldAllBe(e => e.Note!.Contains($"from import {batchId}") && e.Note.Contains("published by its author"));
        (await api.QueryAsync(db => db.Drafts.Where(d => d.ImportBatchId == batchId).ToListAsync()))
            .ShouldAllBe(d => d.State == DraftStates.Published && d.PublishedEntityId != null && d.ReviewedById == userId);
        (await api.QueryAsync(db => db.ImportBatches.SingleAsync(b => b.Id == batchId))).PublishedAt.ShouldNotBeNull();
        var search = JsonDocument.Parse(await api.Client().GetStringAsync("/api/v1/agreements?q=imported%20framework"));
        search.RootElement.GetProperty("totalCount").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task A_commit_that_fails_while_writing_leaves_nothing()
    {
        var editor = await StaffSession.SignInAsync(api.App, "failing-commit@example.org", PortalRoles.Editor);
        await api.ExecuteSqlAsync("""
            CREATE FUNCTION refuse_test_draft() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.title = 'The last row fails on insert' THEN RAISE EXCEPTION 'refused by a test trigger'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER trg_refuse_test_draft BEFORE INSERT ON drafts FOR EACH ROW EXECUTE FUNCTION refuse_test_draft();
            """);
        var before = await CountAsync(api);

        var response = await PostAsync(editor, "Import", "agreement",
            AgreementFile(AgreementRow("A first row that would be fine"), AgreementRow("A second row that would be fine"), AgreementRow("The last row fails on insert")));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        ReportText(page).ShouldContain("refused by a test trigger");
        ReportText(page).ShouldContain("nothing was written");
        (await CountAsync(api)).ShouldBe(before);
        await api.ExecuteSqlAsync("DROP TRIGGER trg_refuse_test_draft ON drafts; DROP FUNCTION refuse_test_draft();");
    }

    [Fact]
    public async Task A_publication_that_fails_on_the_last_record_publishes_nothing()
    {
        var editor = await StaffSession.SignInAsync(api.App, "failing-publish@example.org", PortalRoles.Editor);
        var batchId = await CommitAsync(editor, "agreement",
            AgreementFile(AgreementRow("Publication test row one"), AgreementRow("Publication test row two"), AgreementRow("Publication test row refused")));
        await api.ExecuteSqlAsync("""
            CREATE FUNCTION refuse_test_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.title = 'Publication test row refused' THEN RAISE EXCEPTION 'agreement refused by a test trigger'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER trg_refuse_test_agreement BEFORE INSERT ON agreements FOR EACH ROW EXECUTE FUNCTION refuse_test_agreement();
            """);
        var before = await CountAsync(api);

        var response = await editor.SubmitAsync($"/Manage/Import/Batch?id={batchId}", "form.publish-all", []);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StaffSession.ParseAsync(response)).QuerySelector(".errors")!.TextContent.ShouldContain("nothing was published");
        (await CountAsync(api)).ShouldBe(before);
        (await api.QueryAsync(db => db.Drafts.Where(d => d.ImportBatchId == batchId).Select(d => d.State).ToListAsync())).ShouldAllBe(s => s == DraftStates.Draft);
        await api.ExecuteSqlAsync("DROP TRIGGER trg_refuse_test_agreement ON agreements; DROP FUNCTION refuse_test_agreement();");
    }

    [Fact]
    public async Task A_row_that_became_invalid_after_the_dry_run_stops_the_commit()
    {
        var editor = await StaffSession.SignInAsync(api.App, "stale-check@example.org", PortalRoles.Editor);
        var umbrella = await api.QueryAsync(db => db.Agreements.Where(a => a.Slug == "chn-kaz-capacity-framework-2014").Select(a => a.Id).SingleAsync());
        var underUmbrella = AgreementRow("Document signed under the framework checked then archived").Replace(",,,,,Test release", $",,{umbrella},,,Test release", StringComparison.Ordinal);
        var file = AgreementFile(AgreementRow("Unrelated row of the same file"), underUmbrella);
        Errors(await CheckAsync(editor, "agreement", file)).ShouldBeEmpty();
        await api.ExecuteSqlAsync($"UPDATE agreements SET archived_at = now() WHERE id = {umbrella}");
        var before = await CountAsync(api);

        var response = await PostAsync(editor, "Import", "agreement", file);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        page.QuerySelector("#report-heading")!.TextContent.ShouldBe("Nothing was imported");
        Errors(page).ShouldBe([(3, "parent_agreement_id", $"No agreement with id {umbrella}.")]);
        (await CountAsync(api)).ShouldBe(before);
        await api.ExecuteSqlAsync($"UPDATE agreements SET archived_at = NULL WHERE id = {umbrella}");
    }

    [Fact]
    public async Task A_file_committed_twice_is_refused_the_second_time_as_repeating_its_drafts()
    {
        var editor = await StaffSession.SignInAsync(api.App, "twice@example.org", PortalRoles.Editor);
        var file = AgreementFile(AgreementRow("Row imported twice by mistake"));
        var batchId = await CommitAsync(editor, "agreement", file);
        var before = await CountAsync(api);

        var response = await PostAsync(editor, "Import", "agreement", file);

        var errors = Errors(await StaffSession.ParseAsync(response));
        errors.Count.ShouldBe(1);
        errors[0].Row.ShouldBe(2);
        errors[0].Column.ShouldBe("title");
        errors[0].Message.ShouldContain($"of import {batchId}");
        (await CountAsync(api)).ShouldBe(before);
    }
}
