using System.Text.Json;
using CapacityCoop.Web.Features.Staff;

namespace CapacityCoop.Tests.Features.Staff;

public sealed class PayloadComparisonTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Fields_come_in_the_forms_order_whatever_order_the_stored_JSON_has()
    {
        // jsonb gives keys back shortest first; the comparison must not follow it.
        var mine = Json("""{"kind":"mou","title":"A","status":"signed","signedOn":"2015","parties":[{"country":"CHN"}]}""");
        var stored = Json("""{"kind":"mou","title":"B","status":"signed","signedOn":"2016","parties":[{"country":"CHN"}]}""");

        var rows = PayloadComparison.Compare(mine, stored);

        rows.Select(r => r.Field).ShouldBe(["title", "kind", "status", "parties", "signedOn"]);
        rows.Where(r => r.Differs).Select(r => r.Field).ShouldBe(["title", "signedOn"]);
    }

    [Theory]
    [InlineData("""{"usd":230000000,"amount":1500000000,"currency":"CNY"}""", "1,500,000,000 CNY (US$230,000,000)")]
    [InlineData("""{"usd":23600000000,"amount":23600000000,"currency":"USD"}""", "23,600,000,000 USD")]
    [InlineData("""{"amount":5,"currency":"EUR"}""", "5 EUR")]
    [InlineData("""{"value":3.5,"unit":"Mt/yr"}""", "value: 3.5, unit: Mt/yr")]
    [InlineData("""[]""", "—")]
    public void Values_read_as_people_write_them(string json, string text) =>
        PayloadComparison.Text(Json(json)).ShouldBe(text);
}
