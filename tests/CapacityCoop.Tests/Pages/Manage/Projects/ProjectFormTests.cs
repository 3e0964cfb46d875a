using System.Text.Json;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using CapacityCoop.Web.Features.Staff.Forms;

namespace CapacityCoop.Tests.Pages.Manage.Projects;

/// <summary>The project form's mapping from the stored payload to form fields and back, and from editor error keys to fields.</summary>
public sealed class ProjectFormTests
{
    private static readonly ProjectInput Full = new()
    {
        Name = "Steel plant, Kuantan Industrial Park",
        NameZh = "关丹钢铁厂",
        HostCountry = "MYS",
        Status = "under-construction",
        Sectors = ["steel", "industrial-parks"],
        AgreementIds = [4, 9],
        Companies = [new CompanyInput(2, "developer"), new CompanyInput(3, "investor")],
        Investment = new MoneyInput(1_400_000_000m, "USD", 1_400_000_000m),
        InvestmentNote = "around US$1.4 billion",
        Capacity = new CapacityInput(3.5m, "Mt/yr"),
        JobsCreated = 4000,
        AnnouncedOn = "2014",
        ConstructionStartOn = "2014-12-23",
        CompletedOn = "2017-06",
        Latitude = 3.9747,
        Longitude = 103.3776,
        Summary = "Steel mill.",
        Sources = [new SourceInput(5, null, null, null, null, "gives the capacity"), new SourceInput(null, "New", "Bernama", "2015", "https://example.org/b", "x")],
        Slug = "kuantan-steel",
    };

    [Fact]
    public void Every_field_survives_a_round_trip_through_the_form()
    {
        var (input, errors) = ProjectForm.From(Full).ToInput();

        errors.ShouldBeEmpty();
        JsonSerializer.Serialize(input, ApiResults.Json).ShouldBe(JsonSerializer.Serialize(Full, ApiResults.Json));
    }

    [Fact]
    public void Should_show_numbers_as_plain_text_and_drop_blank_rows()
    {
        var form = ProjectForm.From(Full);
        form.Latitude.ShouldBe("3.9747");
        form.Capacity.Value.ShouldBe("3.5");
        form.AgreementIds.ShouldBe(["4", "9"]);

        form.AgreementIds.Add(" ");
        form.Companies.Add(new CompanyRow());
        form.DropBlankRows();

        form.AgreementIds.Count.ShouldBe(2);
        form.Companies.Count.ShouldBe(2);
    }

    [Fact]
    public void Should_report_unreadable_numbers_on_their_fields()
    {
        var form = new ProjectForm { JobsCreated = "4k", Latitude = "north", Capacity = new CapacityFields { Value = "big", Unit = "MW" }, AgreementIds = ["7", "x"] };

        var (input, errors) = form.ToInput();

        errors.Select(e => e.Field).ShouldBe(["Form.AgreementIds[1]", "Form.Capacity.Value", "Form.JobsCreated", "Form.Latitude"]);
        input.AgreementIds.ShouldBe([7L]);
        input.Capacity.ShouldBe(new CapacityInput(null, "MW"));
    }

    [Theory]
    [InlineData("hostCountry", "Form.HostCountry")]
    [InlineData("agreementIds[1]", "Form.AgreementIds[1]")]
    [InlineData("companies[0].role", "Form.Companies[0].Role")]
    [InlineData("companies[2].organisationId", "Form.Companies[2].OrganisationId")]
    [InlineData("capacity.unit", "Form.Capacity.Unit")]
    [InlineData("investment.usd", "Form.Investment.Usd")]
    [InlineData("sectors", "Form.Sectors")]
    [InlineData("sectors[0]", "Form.Sectors")]
    [InlineData("sources[1].publishedOn", "Form.Sources[1].PublishedOn")]
    [InlineData("constructionStartOn", "Form.ConstructionStartOn")]
    public void Editor_error_keys_point_at_the_form_fields(string key, string field) =>
        new ProjectForm().FieldOf(key).ShouldBe(field);
}
