using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;
using static CapacityCoop.Tests.Features.Staff.DraftTestData;

namespace CapacityCoop.Tests.Features.Staff;

/// <summary>The draft workflow itself (save tokens, the one open draft per record, review state rules), four-eyes off.</summary>
public sealed class DraftWorkflowTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly Actor Alice = new("user-alice", "alice@example.org");
    private static readonly Actor Bob = new("user-bob", "bob@example.org");

    private PortalAppFactory App => api.App;

    private Task<long> OrganisationIdAsync(string slug) => api.QueryAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    private Task<Organisation> OrganisationAsync(long id) => api.QueryAsync(db => db.Organisations.AsNoTracking().SingleAsync(o => o.Id == id));

    private Task<Draft> StoredDraftAsync(long id) => api.QueryAsync(db => db.Drafts.AsNoTracking().SingleAsync(d => d.Id == id));

    [Fact]
    public async Task A_save_from_a_token_that_no_longer_names_the_stored_state_is_a_conflict_and_writes_nothing()
    {
        var id = await OrganisationIdAsync("chery");
        var stored = await StoredInputAsync(App, "organisation", id);
        var start = await OpenAsync(App, "organisation", id);
        var first = await SaveAsync(App, "organisation", id, null, stored.With("nameZh", "奇瑞（第一位）"), start.Token, Alice);
        first.ShouldBeOfType<SaveOutcome.Saved>();

        var second = await SaveAsync(App, "organisation", id, null, stored.With("nameZh", "奇瑞（第二位）"), start.Token, Bob);

        var conflict = second.ShouldBeOfType<SaveOutcome.Conflict>();
        conflict.Current.Draft!.UpdatedBy.ShouldBe(Alice.Name);
        conflict.Current.Payload.GetProperty("nameZh").GetString().ShouldBe("奇瑞（第一位）");
        (await StoredDraftAsync(conflict.Current.Draft.Id)).UpdatedById.ShouldBe(Alice.Id);

        // With the token of what is stored now the second editor may go on: they work on the same draft.
        var again = await SaveAsync(App, "organisation", id, null, stored.With("nameZh", "奇瑞（第二位）"), conflict.Current.Token, Bob);
        var saved = again.ShouldBeOfType<SaveOutcome.Saved>();
        saved.Draft.Id.ShouldBe(conflict.Current.Draft.Id);
        saved.Draft.CreatedBy.ShouldBe(Alice.Name);
        saved.Draft.UpdatedBy.ShouldBe(Bob.Name);
        (await WithWorkflowAsync(App, w => w.DiscardAsync(saved.Draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.Discarded>();
    }

    [Fact]
    public async Task Two_saves_at_once_that_would_start_the_draft_of_one_record_leave_exactly_one_draft()
    {
        var id = await OrganisationIdAsync("iran-khodro");
        var stored = await StoredInputAsync(App, "organisation", id);
        var token = (await OpenAsync(App, "organisation", id)).Token;
        var first = await InputAsync(App, "organisation", stored.With("nameZh", "伊朗霍德罗（甲）"));
        var second = await InputAsync(App, "organisation", stored.With("nameZh", "伊朗霍德罗（乙）"));

        // Separate scopes, so separate connections: the race is decided by the database, not by the test.
        var outcomes = await Task.WhenAll(
            WithWorkflowAsync(App, w => w.SaveAsync("organisation", id, null, first, token, true, Alice, CancellationToken.None)),
            WithWorkflowAsync(App, w => w.SaveAsync("organisation", id, null, second, token, true, Bob, CancellationToken.None)));

        outcomes.Count(o => o is SaveOutcome.Saved).ShouldBe(1, string.Join(", ", outcomes.Select(o => o.ToString())));
        outcomes.Count(o => o is SaveOutcome.Conflict).ShouldBe(1);
        var open = await api.QueryAsync(db => db.Drafts.Where(d => d.EntityType == "organisation" && d.EntityId == id && DraftStates.Open.Contains(d.State)).ToListAsync());
        open.Count.ShouldBe(1);
        var winner = ((SaveOutcome.Saved)outcomes.Single(o => o is SaveOutcome.Saved)).Draft;
        open[0].Id.ShouldBe(winner.Id);
        await WithWorkflowAsync(App, w => w.DiscardAsync(winner.Id, Alice, CancellationToken.None));
    }

    [Fact]
    public async Task Two_saves_at_once_of_the_same_draft_with_the_same_token_let_exactly_one_win()
    {
        var draft = await SaveDraftAsync(App, "organisation", null, NewOrganisation("Concurrent Saves Holding"), Alice);
        var token = (await OpenAsync(App, "organisation", null, draft.Id)).Token;
        var first = await InputAsync(App, "organisation", NewOrganisation("Concurrent Saves Holding (Alice)"));
        var second = await InputAsync(App, "organisation", NewOrganisation("Concurrent Saves Holding (Bob)"));

        var outcomes = await Task.WhenAll(
            WithWorkflowAsync(App, w => w.SaveAsync("organisation", null, draft.Id, first, token, true, Alice, CancellationToken.None)),
            WithWorkflowAsync(App, w => w.SaveAsync("organisation", null, draft.Id, second, token, true, Bob, CancellationToken.None)));

        outcomes.Count(o => o is SaveOutcome.Saved).ShouldBe(1, string.Join(", ", outcomes.Select(o => o.ToString())));
        outcomes.Count(o => o is SaveOutcome.Conflict).ShouldBe(1);
        var stored = await StoredDraftAsync(draft.Id);
        var winner = outcomes.Single(o => o is SaveOutcome.Saved) == outcomes[0] ? "Alice" : "Bob";
        stored.Title.ShouldBe($"Concurrent Saves Holding ({winner})");
    }

    [Fact]
    public async Task Saving_an_invalid_input_is_refused_with_the_editors_messages_and_no_draft()
    {
        var before = await api.QueryAsync(db => db.Drafts.CountAsync());

        var outcome = await SaveAsync(App, "organisation", null, null, new { name = "", kind = "shipyard" }, (await OpenAsync(App, "organisation", null)).Token, Alice);

        var invalid = outcome.ShouldBeOfType<SaveOutcome.Invalid>();
        invalid.Errors.Keys.ShouldContain("name");
        invalid.Errors.Keys.ShouldContain("kind");
        (await api.QueryAsync(db => db.Drafts.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Publishing_a_new_record_creates_it_with_an_audit_entry_naming_the_author_the_draft_and_the_publisher()
    {
        var draft = await SaveDraftAsync(App, "organisation", null, NewOrganisation("Published Through Review Ltd"), Alice);

        var outcome = await WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None));

        var id = outcome.ShouldBeOfType<ReviewOutcome.Published>().EntityId;
        (await OrganisationAsync(id)).Name.ShouldBe("Published Through Review Ltd");
        var stored = await StoredDraftAsync(draft.Id);
        stored.State.ShouldBe(DraftStates.Published);
        stored.PublishedEntityId.ShouldBe(id);
        (stored.ReviewedById, stored.ReviewedBy).ShouldBe((Bob.Id, Bob.Name));
        var entry = await api.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == "organisation" && e.EntityId == id));
        (entry.Action, entry.Actor, entry.ActorId).ShouldBe(("create", Alice.Name, Alice.Id));
        entry.Note.ShouldBe($"draft {draft.Id}, published by {Bob.Name}");

        // A published draft is closed: nothing more can be done with it.
        (await WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.NotFound>();
        (await WithWorkflowAsync(App, w => w.RejectAsync(draft.Id, "Too late", Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.NotFound>();
        (await WithWorkflowAsync(App, w => w.DiscardAsync(draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.NotFound>();
        (await api.QueryAsync(db => db.Organisations.CountAsync(o => o.Name == "Published Through Review Ltd"))).ShouldBe(1);
    }

    [Fact]
    public async Task Without_four_eyes_the_author_may_publish_and_the_note_says_so()
    {
        var draft = await SaveDraftAsync(App, "organisation", null, NewOrganisation("Self Published Ltd"), Alice);

        (await WithWorkflowAsync(App, w => Task.FromResult(w.MayPublish(draft, Alice)))).ShouldBeTrue();
        var id = (await WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Alice, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.Published>().EntityId;

        var entry = await api.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == "organisation" && e.EntityId == id));
        entry.Note.ShouldBe($"draft {draft.Id}, published by its author");
    }

    [Fact]
    public async Task Publishing_a_change_replaces_the_record_and_the_audit_entry_holds_before_and_after()
    {
        var id = await OrganisationIdAsync("mvm");
        var stored = await StoredInputAsync(App, "organisation", id);
        var draft = await SaveDraftAsync(App, "organisation", id, stored.With("nameZh", "MVM（已审）"), Alice);

        (await WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.Published>().EntityId.ShouldBe(id);

        (await OrganisationAsync(id)).NameZh.ShouldBe("MVM（已审）");
        var history = await api.QueryAsync(db => AuditLog.HistoryAsync(db, "organisation", id, CancellationToken.None));
        var update = history.Last();
        update.Action.ShouldBe("update");
        update.Changes.Single().Field.ShouldBe("nameZh");
        update.Changes.Single().After!.Value.GetString().ShouldBe("MVM（已审）");
    }

    [Fact]
    public async Task Publishing_is_refused_as_a_conflict_when_the_record_changed_after_the_draft_was_started()
    {
        var id = await OrganisationIdAsync("chery");
        var stored = await StoredInputAsync(App, "organisation", id);
        var draft = await SaveDraftAsync(App, "organisation", id, stored.With("name", "Chery (from the draft)"), Alice);
        await api.ExecuteAsync(async db =>
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Id == id);
            organisation.NameZh = "奇瑞汽车（直接修改）";
            await db.SaveChangesAsync();
        });

        var state = await OpenAsync(App, "organisation", id);
        state.RecordChangedSinceDraft.ShouldBeTrue();
        var outcome = await WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None));

        outcome.ShouldBeOfType<ReviewOutcome.Conflict>().Reason.ShouldContain("changed after this draft was started");
        (await OrganisationAsync(id)).Name.ShouldBe("Chery Automobile Co., Ltd.");
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Draft);

        // Saving the draft again from the current state re-bases it; then it publishes.
        var resaved = await SaveAsync(App, "organisation", id, null, stored.With("name", "Chery (from the draft)").With("nameZh", "奇瑞汽车（直接修改）"), state.Token, Alice);
        resaved.ShouldBeOfType<SaveOutcome.Saved>();
        (await WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.Published>();
        (await OrganisationAsync(id)).Name.ShouldBe("Chery (from the draft)");
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_someone_other_than_the_author_and_the_author_may_save_again()
    {
        var draft = await SaveDraftAsync(App, "organisation", null, NewOrganisation("Rejected Then Fixed Ltd"), Alice);

        (await WithWorkflowAsync(App, w => w.RejectAsync(draft.Id, "  ", Bob, CancellationToken.None)))
            .ShouldBeOfType<ReviewOutcome.Invalid>().Errors.Keys.ShouldBe(["reason"]);
        (await WithWorkflowAsync(App, w => w.RejectAsync(draft.Id, new string('x', 2001), Bob, CancellationToken.None)))
            .ShouldBeOfType<ReviewOutcome.Invalid>();
        (await WithWorkflowAsync(App, w => w.RejectAsync(draft.Id, "Mine is fine", Alice, CancellationToken.None)))
            .ShouldBeOfType<ReviewOutcome.NotAllowed>();
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Draft);

        (await WithWorkflowAsync(App, w => w.RejectAsync(draft.Id, " The country is wrong. ", Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.Rejected>();

        var rejected = await StoredDraftAsync(draft.Id);
        (rejected.State, rejected.RejectReason, rejected.ReviewedBy).ShouldBe((DraftStates.Rejected, "The country is wrong.", Bob.Name));
        (await WithWorkflowAsync(App, w => w.RejectAsync(draft.Id, "Again", Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.NotFound>();
        (await api.QueryAsync(db => db.Drafts.Where(d => d.EntityType == "organisation" && DraftStates.Open.Contains(d.State)).Select(d => d.Id).ToListAsync())).ShouldContain(draft.Id);

        var token = (await OpenAsync(App, "organisation", null, draft.Id)).Token;
        var saved = (await SaveAsync(App, "organisation", null, draft.Id, new { name = "Rejected Then Fixed Ltd", kind = "company", country = "ZMB" }, token, Alice))
            .ShouldBeOfType<SaveOutcome.Saved>();
        saved.Draft.State.ShouldBe(DraftStates.Draft);
    }

    [Fact]
    public async Task Two_editors_publishing_one_new_record_at_once_create_it_once_and_the_second_is_told_it_is_gone()
    {
        var draft = await SaveDraftAsync(App, "organisation", null, NewOrganisation("Published Twice At Once Ltd"), Alice);

        var outcomes = await Task.WhenAll(
            WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None)),
            WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Alice, CancellationToken.None)));

        outcomes.Count(o => o is ReviewOutcome.Published).ShouldBe(1, string.Join(", ", outcomes.Select(o => o.ToString())));
        outcomes.Count(o => o is ReviewOutcome.NotFound).ShouldBe(1);
        (await api.QueryAsync(db => db.Organisations.CountAsync(o => o.Name == "Published Twice At Once Ltd"))).ShouldBe(1);
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Published);
    }

    [Fact]
    public async Task Discarding_while_someone_publishes_leaves_one_outcome_and_no_error()
    {
        var draft = await SaveDraftAsync(App, "organisation", null, NewOrganisation("Discarded Or Published Ltd"), Alice);

        var outcomes = await Task.WhenAll(
            WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None)),
            WithWorkflowAsync(App, w => w.DiscardAsync(draft.Id, Alice, CancellationToken.None)));

        outcomes.Count(o => o is ReviewOutcome.NotFound).ShouldBe(1, string.Join(", ", outcomes.Select(o => o.ToString())));
        var state = (await StoredDraftAsync(draft.Id)).State;
        var created = await api.QueryAsync(db => db.Organisations.CountAsync(o => o.Name == "Discarded Or Published Ltd"));
        created.ShouldBe(state == DraftStates.Published ? 1 : 0);
    }

    [Fact]
    public async Task Discarding_closes_the_draft_and_leaves_the_published_record_as_it_was()
    {
        var id = await OrganisationIdAsync("iran-khodro");
        var before = await OrganisationAsync(id);
        var stored = await StoredInputAsync(App, "organisation", id);
        var draft = await SaveDraftAsync(App, "organisation", id, stored.With("name", "Iran Khodro (discarded change)"), Alice);

        (await WithWorkflowAsync(App, w => w.DiscardAsync(draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.Discarded>();

        var after = await OrganisationAsync(id);
        (after.Name, after.Version).ShouldBe((before.Name, before.Version));
        (await StoredDraftAsync(draft.Id)).State.ShouldBe(DraftStates.Discarded);
        (await WithWorkflowAsync(App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.NotFound>();
        (await OpenAsync(App, "organisation", id)).Draft.ShouldBeNull();
    }
}

/// <summary>The workflow with four-eyes on: nobody publishes what they wrote.</summary>
public sealed class DraftWorkflowFourEyesTests(FourEyesFixture api) : IClassFixture<FourEyesFixture>
{
    private static readonly Actor Alice = new("user-alice", "alice@example.org");
    private static readonly Actor Bob = new("user-bob", "bob@example.org");
    private static readonly Actor Carol = new("user-carol", "carol@example.org");

    [Fact]
    public async Task Neither_the_author_nor_the_last_editor_may_publish_but_a_third_editor_may()
    {
        var draft = await SaveDraftAsync(api.App, "organisation", null, NewOrganisation("Four Eyes Ltd"), Alice);
        var token = (await OpenAsync(api.App, "organisation", null, draft.Id)).Token;
        draft = (await SaveAsync(api.App, "organisation", null, draft.Id, NewOrganisation("Four Eyes Ltd."), token, Bob)).ShouldBeOfType<SaveOutcome.Saved>().Draft;

        (await WithWorkflowAsync(api.App, w => Task.FromResult(w.RequiresSecondEditor))).ShouldBeTrue();
        (await WithWorkflowAsync(api.App, w => Task.FromResult(w.MayPublish(draft, Alice)))).ShouldBeFalse();
        (await WithWorkflowAsync(api.App, w => Task.FromResult(w.MayPublish(draft, Bob)))).ShouldBeFalse();
        (await WithWorkflowAsync(api.App, w => Task.FromResult(w.MayPublish(draft, Carol)))).ShouldBeTrue();
        (await WithWorkflowAsync(api.App, w => w.PublishAsync(draft.Id, Alice, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.NotAllowed>();
        (await WithWorkflowAsync(api.App, w => w.PublishAsync(draft.Id, Bob, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.NotAllowed>();
        (await api.QueryAsync(db => db.Organisations.AnyAsync(o => o.Name == "Four Eyes Ltd."))).ShouldBeFalse();

        var id = (await WithWorkflowAsync(api.App, w => w.PublishAsync(draft.Id, Carol, CancellationToken.None))).ShouldBeOfType<ReviewOutcome.Published>().EntityId;

        var entry = await api.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == "organisation" && e.EntityId == id));
        (entry.Actor, entry.ActorId).ShouldBe((Bob.Name, Bob.Id));
        entry.Note.ShouldBe($"draft {draft.Id}, started by {Alice.Name}, published by {Carol.Name}");
    }
}
