using System.Globalization;
using System.Text.Json;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Organisations;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>
/// The editors' validation messages reach readers of the Chinese interface (staff forms, import report) in Chinese:
/// every message the editors produce for a wide range of bad input must be one <see cref="ValidationMessages"/> knows.
/// </summary>
public sealed class ValidationMessageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly MoneyInput NoCurrency = new(5, null, null);

    [Fact]
    public async Task Every_message_the_editors_give_for_bad_input_has_a_Chinese_wording()
    {
        var messages = await MessagesAsync();

        messages.Count.ShouldBeGreaterThan(35, "the inputs below should provoke most of the editors' messages");
        messages.Where(m => ValidationMessages.ToChinese(m) is null).ShouldBeEmpty();
        messages.Select(m => ValidationMessages.ToChinese(m)!).ShouldAllBe(m => m.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [Fact]
    public void Values_and_field_names_are_carried_over_into_the_Chinese_wording()
    {
        ValidationMessages.ToChinese("'XYZ' is not an ISO 3166-1 alpha-3 country code.").ShouldBe("“XYZ”不是 ISO 3166-1 三字母国家代码。");
        ValidationMessages.ToChinese("'latitude' must be between -90 and 90; got 100.").ShouldBe("“latitude”须在 -90 与 90 之间；收到的是 100。");
        ValidationMessages.ToChinese("No organisation with id 42.").ShouldBe("没有编号为 42 的机构。");
        ValidationMessages.ToChinese("Not a message of the editors.").ShouldBeNull();
    }

    [Fact]
    public void The_reader_gets_English_unless_the_interface_is_Chinese()
    {
        const string message = "'title' is required.";
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            ValidationMessages.ForReader(message).ShouldBe(message);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            ValidationMessages.ForReader(message).ShouldBe("必须填写“title”。");
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private async Task<List<string>> MessagesAsync()
    {
        await using var scope = api.App.Services.CreateAsyncScope();
        var agreements = scope.ServiceProvider.GetRequiredService<AgreementEditor>();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectEditor>();
        var organisations = scope.ServiceProvider.GetRequiredService<OrganisationEditor>();
        var child = await api.QueryAsync(db => db.Agreements.Where(a => a.ParentAgreementId != null).Select(a => a.Id).FirstAsync());
        var umbrella = await api.QueryAsync(db => db.Agreements.Where(a => a.ChildAgreements.Any()).Select(a => a.Id).FirstAsync());
        var unknownField = new Dictionary<string, JsonElement> { ["colour"] = JsonSerializer.SerializeToElement("red") };

        AgreementInput[] agreementInputs =
        [
            new() { Kind = "treaty", SignedOn = "2015-13", Value = NoCurrency, Parties = [new("CHN", null, null)], Sectors = ["nope"], Sources = [], Slug = "Bad Slug", UnknownFields = unknownField, ParentAgreementId = 999_999 },
            new()
            {
                Title = new string('x', 501), SignedOn = "2099", Value = new MoneyInput(-1, "ZZZ", null), Sectors = [],
                Parties = [new("XYZ", null, null), new(null, "NOPE", null), new(null, null, 999_999), new("CHN", "SCO", null), new("CHN", null, null), new("CHN", null, null)],
                Sources = [new SourceInput(999_999, null, null, null, null, null), new SourceInput(1, "both", null, null, null, null), new SourceInput(null, null, null, null, null, null)],
            },
            new() { Value = new MoneyInput(5, "CNY", null), ParentAgreementId = child, Slug = "chn-kaz-capacity-framework-2014", Sources = [new(1, null, null, null, null, null), new(1, null, null, null, null, null)] },
            new() { Value = new MoneyInput(5, "USD", 6), Parties = Enumerable.Range(0, 51).Select(_ => new PartyInput("CHN", null, null)).ToList(), Sources = [new(null, "A release", null, null, "ftp://example.org/x", null)] },
            new() { Value = new MoneyInput(null, "USD", null), ParentAgreementId = umbrella },
        ];
        var messages = new List<string>();
        foreach (var input in agreementInputs)
        {
            messages.AddRange((await agreements.ValidateAsync(input, currentId: null, CancellationToken.None)).Errors.Values.SelectMany(m => m));
        }

        // An agreement that is an umbrella placed under another one, and one placed under itself.
        messages.AddRange((await agreements.ValidateAsync(new AgreementInput { ParentAgreementId = umbrella }, umbrella, CancellationToken.None)).Errors.Values.SelectMany(m => m));
        messages.AddRange((await agreements.ValidateAsync(new AgreementInput { ParentAgreementId = child + 1_000_000 }, child + 1_000_000, CancellationToken.None)).Errors.Values.SelectMany(m => m));

        ProjectInput[] projectInputs =
        [
            new()
            {
                Status = "x", Capacity = new CapacityInput(5, null), JobsCreated = -1, AnnouncedOn = "2016", ConstructionStartOn = "2015", CompletedOn = "2014",
                Latitude = 100, AgreementIds = [999_999], Companies = [new(null, "developer"), new(999_999, "x")], Sectors = [],
            },
            new()
            {
                HostCountry = "XYZ", Capacity = new CapacityInput(null, "MW"), Longitude = 200, Companies = [new(1, "developer"), new(1, "developer")],
                Slug = "kuantan-steel-plant", ConstructionStartOn = "2016", CompletedOn = "2015",
            },
            new() { Capacity = new CapacityInput(1e17m, "MW"), Latitude = 1, Longitude = 500, AgreementIds = Enumerable.Range(1, 101).Select(i => (long)i).ToList(), Companies = Enumerable.Range(1, 101).Select(i => new CompanyInput(i, "partner")).ToList() },
        ];
        foreach (var input in projectInputs)
        {
            messages.AddRange((await projects.ValidateAsync(input, currentId: null, CancellationToken.None)).Errors.Values.SelectMany(m => m));
        }

        var organisation = new OrganisationInput { Kind = "x", Country = "XYZ", Slug = await api.QueryAsync(db => db.Organisations.Select(o => o.Slug).FirstAsync()) };
        messages.AddRange((await organisations.ValidateAsync(organisation, currentId: null, CancellationToken.None)).Errors.Values.SelectMany(m => m));
        messages.AddRange((await organisations.ValidateAsync(new OrganisationInput { Name = "Bell\u0007Bank", Kind = "bank" }, currentId: null, CancellationToken.None))
            .Errors.Values.SelectMany(m => m));
        return messages.Distinct().ToList();
    }
}
