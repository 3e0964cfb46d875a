using System.Text.Json;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff.Forms;

namespace CapacityCoop.Tests.Pages.Manage.Agreements;

/// <summary>The agreement form's mapping from the stored payload to form fields and back, and from editor error keys to fields.</summary>
public sealed class AgreementFormTests
{
    private static readonly AgreementInput Full = new()
    {
        Title = "China–Kazakhstan industrial capacity cooperation framework",
        TitleZh = "中哈产能合作框架协议",
        Kind = "framework",
        Status = "in-force",
        Parties = [new PartyInput("CHN", null, null), new PartyInput(null, "SCO", null), new PartyInput(null, null, 42)],
        SignedOn = "2014-12",
        SignedPlace = "Astana",
        Signatories = "Li Keqiang; Karim Massimov",
        Value = new MoneyInput(23_600_000_000.5m, "CNY", 3_400_000_000m),
        ValueNote = "Uses the larger figure.",
        Sectors = ["steel", "railways"],
        Summary = "A framework.",
        Event = "State visit",
        ParentAgreementId = 7,
        Sources = [new SourceInput(3, null, null, null, null, "states the value"), new SourceInput(null, "New report", "Xinhua", "2015-04-28", "https://example.org/a", null)],
        Slug = "chn-kaz-framework",
    };

    [Fact]
    public void Every_field_survives_a_round_trip_through_the_form()
    {
        var (input, errors) = AgreementForm.From(Full).ToInput();

        errors.ShouldBeEmpty();
        JsonSerializer.Serialize(input, ApiResults.Json).ShouldBe(JsonSerializer.Serialize(Full, ApiResults.Json));
    }

    [Fact]
    public void Should_show_the_stored_values_in_the_form_fields()
    {
        var form = AgreementForm.From(Full);

        form.Parties.Select(p => (p.Party, p.OrganisationId)).ShouldBe([("CHN", null), ("bloc:SCO", null), (null, "42")]);
        form.Value.Amount.ShouldBe("23600000000.5");
        form.Value.Usd.ShouldBe("3400000000");
        form.ParentAgreementId.ShouldBe("7");
        form.Sources[0].SourceId.ShouldBe("3");
        form.Sources[1].PublishedOn.ShouldBe("2015-04-28");
    }

    [Fact]
    public void Should_drop_blank_rows_and_read_numbers_written_with_separators()
    {
        var form = new AgreementForm
        {
            Parties = [new PartyRow { Party = "CHN" }, new PartyRow(), new PartyRow { Party = "KAZ" }],
            Sources = [new CitedSourceRow(), new CitedSourceRow { Title = "Report" }],
            Value = new MoneyFields { Amount = "1,500,000", Currency = "USD" },
        };

        form.DropBlankRows();
        var (input, errors) = form.ToInput();

        errors.ShouldBeEmpty();
        input.Parties!.Select(p => p.Country).ShouldBe(["CHN", "KAZ"]);
        input.Sources!.Single().Title.ShouldBe("Report");
        input.Value.ShouldBe(new MoneyInput(1_500_000m, "USD", null));
    }

    [Fact]
    public void Should_report_unreadable_numbers_on_their_fields()
    {
        var form = new AgreementForm
        {
            Value = new MoneyFields { Amount = "a lot", Usd = "12" },
            ParentAgreementId = "umbrella",
            Sources = [new CitedSourceRow { SourceId = "x1" }],
        };

        var (input, errors) = form.ToInput();

        errors.Select(e => e.Field).ShouldBe(["Form.Value.Amount", "Form.ParentAgreementId", "Form.Sources[0].SourceId"]);
        input.Value.ShouldBe(new MoneyInput(null, null, 12m));
    }

    [Theory]
    [InlineData("title", "Form.Title")]
    [InlineData("parties", "Form.Parties")]
    [InlineData("parties[0]", "Form.Parties[0]")]
    [InlineData("parties[0].country", "Form.Parties[0].Party")]
    [InlineData("parties[2].bloc", "Form.Parties[2].Party")]
    [InlineData("parties[1].organisationId", "Form.Parties[1].OrganisationId")]
    [InlineData("value.amount", "Form.Value.Amount")]
    [InlineData("value.currency", "Form.Value.Currency")]
    [InlineData("sectors[3]", "Form.Sectors")]
    [InlineData("sources[1].publishedOn", "Form.Sources[1].PublishedOn")]
    [InlineData("sources", "Form.Sources")]
    [InlineData("parentAgreementId", "Form.ParentAgreementId")]
    [InlineData("signedOn", "Form.SignedOn")]
    public void Editor_error_keys_point_at_the_form_fields(string key, string field) =>
        new AgreementForm().FieldOf(key).ShouldBe(field);

    [Fact]
    public void Field_ids_follow_the_tag_helper_convention() =>
        FormErrorSet.IdOf("Form.Parties[0].Party").ShouldBe("Form_Parties_0__Party");
}
