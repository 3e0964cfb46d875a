using System.Text.Json;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Organisations;
using CapacityCoop.Web.Features.Staff.Forms;

namespace CapacityCoop.Tests.Pages.Manage.Organisations;

public sealed class OrganisationFormTests
{
    [Fact]
    public void Every_field_survives_a_round_trip_through_the_form()
    {
        var full = new OrganisationInput { Name = "Chery Automobile Co., Ltd.", NameZh = "奇瑞汽车股份有限公司", Kind = "company", Country = "CHN", Slug = "chery" };

        var (input, errors) = OrganisationForm.From(full).ToInput();

        errors.ShouldBeEmpty();
        JsonSerializer.Serialize(input, ApiResults.Json).ShouldBe(JsonSerializer.Serialize(full, ApiResults.Json));
        new OrganisationForm().FieldOf("country").ShouldBe("Form.Country");
    }
}
