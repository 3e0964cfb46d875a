using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Pages.Agreements;

/// <summary>The agreement detail page, through the whole app on a fresh seeded database.</summary>
public sealed partial class DetailsPageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Kazakhstan = "chn-kaz-capacity-framework-2014";
    private const string ThirtyThreeDocuments = "chn-kaz-33-documents-2015-03-27";
    private const string Brazil = "chn-bra-35-agreements-2015-05";

    [Fact]
    public async Task Kazakhstan_framework_shows_its_value_the_value_note_numbered_sources_and_the_documents_signed_under_it()
    {
        var id = await IdOf(Kazakhstan);
        var childId = await IdOf(ThirtyThreeDocuments);

        var (status, html) = await GetAsync($"/agreements/{id}");

        status.ShouldBe(HttpStatusCode.OK);
        Text(Element(html, "value-usd")).ShouldBe("US$23.6 bn");
        Text(Element(html, "value-original")).ShouldBe("23,600,000,000 USD");
        Text(Element(html, "value-note")).ShouldStartWith("Uses US$23.6 billion: cooperation agreements in 28 areas");
        Text(html).ShouldContain("December 2014");
        Text(html).ShouldContain("Li Keqiang (Premier of China); Karim Massimov (Prime Minister of Kazakhstan)");
        html.ShouldContain("href=\"/countries/KAZ\"");
        html.ShouldContain("href=\"/sectors/steel\"");
        html.ShouldContain("href=\"/agreements?sector=steel\"");

        var sources = Element(html, "sources", "ol");
        html.ShouldContain("<ol class=\"sources\"");
        var items = Regex.Matches(sources, "<li[ >]").Count;
        items.ShouldBe(3);
        var sourceText = Text(sources);
        sourceText.ShouldContain("28 April 2015");
        sourceText.ShouldContain("May 2015");
        sourceText.ShouldContain("17 December 2015");
        sourceText.IndexOf("28 April 2015", StringComparison.Ordinal).ShouldBeLessThan(sourceText.IndexOf("17 December 2015", StringComparison.Ordinal));
        sourceText.ShouldContain("Daxinya (Shenzhen Daxinya Translation Co., Ltd.)");
        sourceText.ShouldContain("Publisher not named");
        sourceText.ShouldContain("(figure used for value)");

        html.ShouldContain($"<a href=\"/agreements/{childId}\">");
        Text(html).ShouldContain("China–Kazakhstan production capacity cooperation documents (33 documents)");
        html.ShouldContain($"href=\"/api/v1/agreements/{id}\"");
        html.ShouldContain($"href=\"/api/v1/agreements/{id}/history\"");
    }

    [Fact]
    public async Task Documents_signed_under_an_umbrella_say_their_value_is_counted_within_it_and_link_to_it()
    {
        var id = await IdOf(ThirtyThreeDocuments);
        var parentId = await IdOf(Kazakhstan);

        var (status, html) = await GetAsync($"/agreements/{id}");

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain($"<a href=\"/agreements/{parentId}\" data-testid=\"parent-link\">");
        Text(Element(html, "within-umbrella")).ShouldContain("counted within the umbrella");
        Text(Element(html, "value-usd")).ShouldBe("Not stated");
    }

    [Fact]
    public async Task Brazil_agreements_list_the_Belo_Monte_project_with_its_promise_to_delivery_figures()
    {
        var id = await IdOf(Brazil);
        var projectId = await api.QueryAsync(db => db.Projects.Where(p => p.Slug == "belo-monte-uhv-transmission").Select(p => p.Id).SingleAsync());

        var (status, html) = await GetAsync($"/agreements/{id}");

        status.ShouldBe(HttpStatusCode.OK);
        var projects = Element(html, "projects", "table");
        projects.ShouldContain($"<a href=\"/projects/{projectId}\">Belo Monte hydropower station UHV transmission project</a>");
        projects.ShouldContain("href=\"/countries/BRA\"");
        Text(projects).ShouldContain("Under construction");
        Text(Element(html, "delivery-signed")).ShouldBe("US$27 bn");
        Text(Element(html, "delivery-investment")).ShouldBe("unknown");
        Text(Element(html, "delivery-coverage")).ShouldBe("The one project states no investment in US dollars.");
        Text(Element(html, "status-mix", "ul")).ShouldBe("Under construction: 1");
        var timeline = Text(Element(html, "timeline", "table"));
        timeline.ShouldContain("Belo Monte hydropower station UHV transmission project");
        timeline.ShouldContain("from signing: unknown");
        timeline.ShouldNotContain("months");
    }

    [Fact]
    public async Task Promise_to_delivery_gives_months_from_signature_at_the_precision_the_dates_allow()
    {
        var id = await IdOf("chn-col-12-agreements-2015-05");
        await api.ExecuteAsync(async db =>
        {
            db.Projects.Add(new Project
            {
                Slug = "test-colombia-cement-line",
                Name = "Test cement line, Colombia",
                HostCountryIso3 = "COL",
                Status = "operational",
                Investment = new Money(150_000_000m, "CNY", 22_000_000m),
                ConstructionStart = PartialDate.Month(2016, 2),
                Completed = PartialDate.Day(2018, 6, 30),
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
                Agreements = [new ProjectAgreement { AgreementId = id }],
            });
            await db.SaveChangesAsync();
        });

        var (_, html) = await GetAsync($"/agreements/{id}");

        var timeline = Text(Element(html, "timeline", "table"));
        timeline.ShouldContain("February 2016 from signing: about 9 months (month precision)");
        timeline.ShouldContain("30 June 2018 from signing: about 37 months (month precision)");
        Text(Element(html, "delivery-investment")).ShouldBe("US$22 m");
        Text(Element(html, "delivery-coverage")).ShouldBe("The one project states an investment in US dollars.");
        Text(Element(html, "status-mix", "ul")).ShouldBe("Operational: 1");
        Text(Element(html, "projects", "table")).ShouldContain("150,000,000 CNY (US$22 m)");
    }

    [Fact]
    public async Task Cite_this_record_gives_a_plain_text_citation_with_the_stable_url_and_the_version_date()
    {
        var id = await IdOf(Kazakhstan);
        var updatedAt = await api.QueryAsync(db => db.Agreements.Where(a => a.Id == id).Select(a => a.UpdatedAt).SingleAsync());

        var (_, html) = await GetAsync($"/agreements/{id}");

        var stableUrl = $"http://localhost/agreements/{id}";
        var version = updatedAt.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en"));
        Text(Element(html, "citation", "textarea")).ShouldBe(
            $"CapacityCoop ({updatedAt.UtcDateTime.Year}). \"China–Kazakhstan industrial capacity cooperation framework\". Agreement {id}, version of {version}. {stableUrl}");
        html.ShouldContain($"<a href=\"{stableUrl}\" data-testid=\"stable-url\">{stableUrl}</a>");
        html.ShouldContain($"<link rel=\"canonical\" href=\"{stableUrl}\" />");
    }

    [Fact]
    public async Task In_Chinese_the_labels_figures_and_dates_are_Chinese()
    {
        var id = await IdOf(Kazakhstan);

        var (status, html) = await GetAsync($"/agreements/{id}?culture=zh-CN");

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("<html lang=\"zh-CN\">");
        var text = Text(html);
        text.ShouldContain("基本信息");
        text.ShouldContain("签署地点");
        text.ShouldContain("从承诺到落实");
        text.ShouldContain("引用本条记录");
        text.ShouldContain("出处");
        text.ShouldContain("框架协议 · 已签署");
        text.ShouldContain("签署日期");
        text.ShouldContain("2014年12月");
        text.ShouldContain("2015年4月28日");
        text.ShouldContain("哈萨克斯坦");
        text.ShouldContain("钢铁");
        Text(Element(html, "value-usd")).ShouldBe("236亿美元");
        text.ShouldNotContain("Cite this record");
        text.ShouldNotContain("Promise to delivery");
    }

    [Fact]
    public async Task An_unknown_id_is_a_friendly_404_page()
    {
        var (status, html) = await GetAsync("/agreements/987654321");

        status.ShouldBe(HttpStatusCode.NotFound);
        html.ShouldContain("<h1>Agreement not found</h1>");
        html.ShouldContain("<a href=\"/agreements\">Search the agreements</a>");
    }

    [Fact]
    public async Task An_archived_agreement_is_still_shown_with_a_banner()
    {
        var id = await IdOf("chn-eu-joint-investment-fund-2015-07");
        await api.ExecuteSqlAsync($"UPDATE agreements SET archived_at = '2026-03-01T10:00:00Z' WHERE id = {id}");

        var (status, html) = await GetAsync($"/agreements/{id}");

        status.ShouldBe(HttpStatusCode.OK);
        Text(Element(html, "archived-banner")).ShouldStartWith("Archived on 1 March 2026.");
        Text(html).ShouldContain("China–EU agreement on a joint investment fund");
        Text(html).ShouldContain("European Union (bloc)");
    }

    [Fact]
    public async Task Titles_and_texts_from_the_record_are_html_encoded_and_the_history_names_who_changed_what()
    {
        var client = api.Client(await api.CreateKeyAsync("write"));
        var title = "<script>alert('x')</script> & \"quoted\" deal";
        var input = new
        {
            title,
            kind = "mou",
            status = "signed",
            parties = new object[] { new { country = "CHN" }, new { country = "KEN" } },
            signedOn = "2016-05",
            summary = "<b>bold</b> claims",
            sources = new object[] { new { title = "<img src=x onerror=alert(1)>", publisher = "Test", publishedOn = "2016-05-20", url = "https://example.org/a?b=1&c=2" } },
        };
        var created = await client.PostAsJsonAsync("/api/v1/agreements", input);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<AgreementDetailDto>(ApiFixture.Json))!.Id;
        var etag = created.Headers.ETag!.Tag;
        var renamed = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agreements/{id}") { Content = JsonContent.Create(input with { title = title + " (renamed)" }) };
        renamed.Headers.TryAddWithoutValidation("If-Match", etag);
        (await client.SendAsync(renamed)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (status, html) = await GetAsync($"/agreements/{id}");

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain("<script>alert");
        html.ShouldNotContain("<b>bold</b>");
        html.ShouldNotContain("<img src=x");
        html.ShouldContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot; deal (renamed)");
        html.ShouldContain("&lt;b&gt;bold&lt;/b&gt; claims");
        html.ShouldContain("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener\">");
        Text(Element(html, "citation", "textarea")).ShouldContain($"\"{title} (renamed)\"");

        var history = Text(Element(html, "history", "ol"));
        history.ShouldContain("Updated");
        history.ShouldContain("api-key:tests-write");
        history.ShouldContain("title");
        history.ShouldContain("Created");
        history.IndexOf("Updated", StringComparison.Ordinal).ShouldBeLessThan(history.IndexOf("Created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Back_to_search_keeps_the_search_the_reader_came_from()
    {
        var id = await IdOf(Kazakhstan);

        var (_, fromSearch) = await GetAsync($"/agreements/{id}", referrer: "http://localhost/agreements?country=KAZ&sector=steel");
        var (_, fromElsewhere) = await GetAsync($"/agreements/{id}", referrer: "https://elsewhere.example/agreements?q=evil");
        var (_, direct) = await GetAsync($"/agreements/{id}");

        fromSearch.ShouldContain("<a href=\"/agreements?country=KAZ&amp;sector=steel\">");
        fromElsewhere.ShouldContain("<a href=\"/agreements\">");
        fromElsewhere.ShouldNotContain("q=evil");
        direct.ShouldContain("<a href=\"/agreements\">");
    }

    private Task<long> IdOf(string slug) => api.QueryAsync(db => db.Agreements.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string url, string? referrer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (referrer is not null)
        {
            request.Headers.Referrer = new Uri(referrer);
        }

        var response = await api.Client().SendAsync(request);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
        {
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The inner HTML of the (first) element carrying <c>data-testid</c>; elements of that name must not nest.</summary>
    private static string Element(string html, string testId, string? tag = null)
    {
        var pattern = tag is null
            ? $"<(?<tag>[a-z0-9]+)[^>]*data-testid=\"{testId}\"[^>]*>(?<inner>.*?)</\\k<tag>>"
            : $"<{tag}[^>]*data-testid=\"{testId}\"[^>]*>(?<inner>.*?)</{tag}>";
        var match = Regex.Match(html, pattern, RegexOptions.Singleline);
        match.Success.ShouldBeTrue($"no element with data-testid=\"{testId}\"");
        return match.Groups["inner"].Value;
    }

    /// <summary>What a reader sees: tags dropped, entities decoded, white space collapsed.</summary>
    private static string Text(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
