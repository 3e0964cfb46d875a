using System.Net;
using CapacityCoop.Web.Infrastructure.Auth;

namespace CapacityCoop.Tests.Pages.Manage.Agreements;

/// <summary>A member of staff who reads the interface in Chinese gets the form's validation messages in Chinese too.</summary>
public sealed class AgreementFormLanguageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Errors_beside_the_fields_follow_the_chosen_language()
    {
        var editor = await StaffSession.SignInAsync(api.App, "chinese-reader@example.org", PortalRoles.Editor);
        var switched = await editor.SubmitAsync("/Manage/Agreements/Edit", "form.language", [], submitName: "culture", submitValue: "zh-CN");
        switched.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await editor.SubmitAsync("/Manage/Agreements/Edit", "form[data-edit-form]", new()
        {
            ["Form.Title"] = "一份有错误的协议",
            ["Form.Kind"] = "mou",
            ["Form.Status"] = "signed",
            ["Form.Parties[0].Party"] = "CHN",
            ["Form.Parties[1].Party"] = null,
            ["Form.SignedOn"] = "2015-13",
            ["Form.Sectors"] = "not-a-sector",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await StaffSession.ParseAsync(response);
        page.DocumentElement.GetAttribute("lang").ShouldBe("zh-CN");
        page.QuerySelector("#Form_Parties-error")!.TextContent.ShouldContain("协议至少需要两个签约方");
        page.QuerySelector("#Form_SignedOn-error")!.TextContent.ShouldContain("收到的是“2015-13”");
        page.QuerySelector("#Form_Sectors-error")!.TextContent.ShouldContain("“not-a-sector”不是已知的行业代码");
    }
}
