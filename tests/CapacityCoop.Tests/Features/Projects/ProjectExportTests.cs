using System.Globalization;
using System.Net;
using System.Text.Json;
using CapacityCoop.Web.Data.Seed;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;

namespace CapacityCoop.Tests.Features.Projects;

public sealed class ProjectExportTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("status=under-construction&sort=name")]
    [InlineData("sector=railways,electric-power&sort=-startedOn")]
    [InlineData("q=railway")]
    public async Task CSV_export_holds_exactly_the_filtered_set_row_by_row(string query)
    {
        var response = await api.Client().GetAsync($"/api/v1/projects?format=csv&{query}");
        var text = await response.Content.ReadAsStringAsync();
        var rows = CsvRows.Parse(text.TrimEnd('\r', '\n'));
        var expected = await AllPagesAsync(query);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldStartWith("projects-");
        text.ShouldContain("\r\n");
        rows[0].ShouldBe(ProjectsApi.CsvHeader);
        expected.Count.ShouldBeGreaterThan(1);
        rows.Count.ShouldBe(expected.Count + 1);
        for (var i = 0; i < expected.Count; i++)
        {
            var p = expected[i];
            rows[i + 1].ShouldBe(
            [
                Text(p.Id), p.Slug, p.Name, p.NameZh ?? "", p.HostCountry.Iso3, p.HostCountry.NameEn, p.Status,
                string.Join(";", p.Sectors),
                Text(p.Investment?.Amount), p.Investment?.Currency ?? "", Text(p.Investment?.Usd),
                Text(p.Capacity?.Value), p.Capacity?.Unit ?? "", Text(p.JobsCreated),
                p.AnnouncedOn ?? "", p.ConstructionStartOn ?? "", p.CompletedOn ?? "",
                Text(p.Latitude), Text(p.Longitude),
                string.Join(";", p.AgreementIds),
                $"http://localhost/projects/{p.Id}",
            ], $"row {i + 1}");
        }
    }

    [Fact]
    public async Task The_export_carries_the_figures_of_the_seeded_records()
    {
        var rows = CsvRows.Parse((await api.Client().GetStringAsync("/api/v1/projects?format=csv&sort=startedOn")).TrimEnd('\r', '\n'));
        var header = rows[0].ToList();
        string Cell(int row, string column) => rows[row][header.IndexOf(column)];

        Cell(1, "slug").ShouldBe("kuantan-steel-plant");
        Cell(1, "investment_usd").ShouldBe("1400000000.00");
        Cell(1, "capacity_value").ShouldBe("3.5");
        Cell(1, "capacity_unit").ShouldBe("Mt/yr");
        Cell(1, "jobs_created").ShouldBe("4000");
        Cell(1, "construction_start_on").ShouldBe("2014-12-23");
        Cell(1, "latitude").ShouldBe("3.9747");
        Cell(2, "slug").ShouldBe("kanupp-2");
        Cell(2, "construction_start_on").ShouldBe("2015-08");
        Cell(2, "host_country_name").ShouldBe("Pakistan");
    }

    [Fact]
    public async Task Accept_text_csv_asks_for_CSV_too_and_fields_with_commas_are_quoted()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects?country=MYS");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await api.Client().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var rows = CsvRows.Parse(text.TrimEnd('\r', '\n'));

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        rows.Count.ShouldBe(2);
        text.ShouldContain("\"Steel plant, Malaysia-China Kuantan Industrial Park\"");
        rows[1][2].ShouldBe("Steel plant, Malaysia-China Kuantan Industrial Park");
        rows[1][3].ShouldBe("马中关丹产业园钢铁厂");
        rows[1][7].ShouldBe("industrial-parks;steel");
    }

    [Fact]
    public async Task JSON_export_is_one_array_of_every_matching_project_whatever_the_page_size()
    {
        var response = await api.Client().GetAsync("/api/v1/projects?format=json&pageSize=2&sector=railways&sort=name");
        var all = await AllPagesAsync("sector=railways&sort=name");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        document.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        document.RootElement.GetArrayLength().ShouldBe(all.Count);
        document.RootElement.EnumerateArray().Select(p => p.GetProperty("slug").GetString()).ShouldBe(all.Select(p => p.Slug));
        document.RootElement[0].GetProperty("hostCountry").GetProperty("iso3").GetString().ShouldBe(all[0].HostCountry.Iso3);
    }

    [Fact]
    public async Task An_export_with_a_bad_filter_is_a_400_not_an_empty_file()
    {
        var response = await api.Client().GetAsync("/api/v1/projects?format=csv&status=done");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("")]
    [InlineData("sector=railways&sort=name")]
    [InlineData("country=BRA,PER")]
    [InlineData("status=feasibility")]
    public async Task GeoJSON_export_is_a_FeatureCollection_of_the_filtered_projects_that_have_a_location(string query)
    {
        var response = await api.Client().GetAsync($"/api/v1/projects?format=geojson&pageSize=1&{query}");
        var located = (await AllPagesAsync(query)).Where(p => p.Latitude is not null).ToList();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldEndWith(".geojson");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        root.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var features = root.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe(located.Count);
        for (var i = 0; i < located.Count; i++)
        {
            var (feature, project) = (features[i], located[i]);
            feature.GetProperty("type").GetString().ShouldBe("Feature");
            var geometry = feature.GetProperty("geometry");
            geometry.GetProperty("type").GetString().ShouldBe("Point");
            geometry.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ShouldBe([project.Longitude!.Value, project.Latitude!.Value]);
            var properties = feature.GetProperty("properties");
            properties.GetProperty("id").GetInt64().ShouldBe(project.Id);
            properties.GetProperty("name").GetString().ShouldBe(project.Name);
            properties.GetProperty("status").GetString().ShouldBe(project.Status);
            properties.GetProperty("hostCountry").GetString().ShouldBe(project.HostCountry.Iso3);
            properties.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()).ShouldBe(project.Sectors);
            (properties.GetProperty("investmentUsd").ValueKind == JsonValueKind.Null ? (decimal?)null : properties.GetProperty("investmentUsd").GetDecimal())
                .ShouldBe(project.Investment?.Usd);
            properties.GetProperty("url").GetString().ShouldBe($"http://localhost/projects/{project.Id}");
        }
    }

    [Fact]
    public async Task GeoJSON_puts_longitude_first_as_RFC_7946_says()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/api/v1/projects?format=geojson&country=MYS"));
        var feature = document.RootElement.GetProperty("features").EnumerateArray().Single();

        feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ShouldBe([103.3776, 3.9747]);
        feature.GetProperty("properties").GetProperty("investmentUsd").GetDecimal().ShouldBe(1_400_000_000m);
        feature.GetProperty("properties").GetProperty("sectors").EnumerateArray().Select(s => s.GetString()).ShouldBe(["industrial-parks", "steel"]);
    }

    [Fact]
    public async Task GeoJSON_is_a_project_format_only_and_a_bad_filter_is_still_a_400()
    {
        var agreements = await api.Client().GetAsync("/api/v1/agreements?format=geojson");
        var badFilter = await api.Client().GetAsync("/api/v1/projects?format=geojson&country=XYZ");

        agreements.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agreements.Content.ReadAsStringAsync()).ShouldContain("Known values: csv, json, xlsx.");
        badFilter.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badFilter.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private async Task<List<ProjectSummaryDto>> AllPagesAsync(string query)
    {
        var items = new List<ProjectSummaryDto>();
        for (var page = 1; ; page++)
        {
            var result = await api.GetJsonAsync<PagedResult<ProjectSummaryDto>>($"/api/v1/projects?{query}&pageSize=3&page={page}");
            items.AddRange(result.Items);
            if (page >= result.TotalPages)
            {
                return items;
            }
        }
    }
}
