using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CapacityCoop.Tests.Features.Api;

public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_with_no_errors_or_warnings()
    {
        var json = await api.Client().GetStringAsync("/swagger/v1/swagger.json");

        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());

        result.Diagnostic!.Errors.ShouldBeEmpty(string.Join("; ", result.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        result.Diagnostic.SpecificationVersion.ShouldBe(OpenApiSpecVersion.OpenApi3_0);
        var validation = result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        validation.ShouldBeEmpty(string.Join("; ", validation.Select(e => $"{e.Pointer}: {e.Message}")));
    }

    [Fact]
    public async Task The_document_describes_the_contract_paths_parameters_security_and_problem_responses()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths");

        var list = paths.GetProperty("/api/v1/agreements").GetProperty("get");
        var parameters = list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        parameters.ShouldBe(
            ["country", "region", "sector", "kind", "status", "signedFrom", "signedTo", "minValueUsd", "maxValueUsd", "q", "sort", "page", "pageSize", "format"],
            ignoreOrder: true);
        var kind = list.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "kind");
        kind.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ShouldContain("joint-statement");
        list.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();

        var create = paths.GetProperty("/api/v1/agreements").GetProperty("post");
        create.GetProperty("security").GetArrayLength().ShouldBe(2);
        foreach (var status in new[] { "201", "400", "401", "403", "413", "415", "429" })
        {
            create.GetProperty("responses").TryGetProperty(status, out _).ShouldBeTrue($"POST /agreements should document {status}");
        }

        create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example")
            .GetProperty("title").GetString()!.ShouldContain("Kazakhstan");

        foreach (var collection in new[] { "agreements", "projects", "organisations" })
        {
            var replace = paths.GetProperty($"/api/v1/{collection}/{{id}}").GetProperty("put");
            replace.GetProperty("responses").TryGetProperty("412", out _).ShouldBeTrue($"PUT /{collection} should document 412");
            replace.GetProperty("responses").TryGetProperty("428", out _).ShouldBeTrue($"PUT /{collection} should document 428");
            replace.GetProperty("parameters").EnumerateArray()
                .ShouldContain(p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
        }

        paths.GetProperty("/api/v1/agreements/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/agreements/{id}/history", out _).ShouldBeTrue();

        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        schemes.GetProperty("apiKey").GetProperty("name").GetString().ShouldBe("X-Api-Key");
    }

    [Fact]
    public async Task Every_list_endpoint_documents_exactly_the_query_parameters_it_accepts()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths");
        var expected = new Dictionary<string, IReadOnlyList<string>>
        {
            ["/api/v1/agreements"] = CapacityCoop.Web.Features.Agreements.AgreementFilter.Parameters,
            ["/api/v1/projects"] = CapacityCoop.Web.Features.Projects.ProjectFilter.Parameters,
            ["/api/v1/countries"] = CapacityCoop.Web.Features.Countries.CountryFilter.Parameters,
            ["/api/v1/organisations"] = CapacityCoop.Web.Features.Organisations.OrganisationFilter.Parameters,
            ["/api/v1/sectors"] = CapacityCoop.Web.Features.Sectors.SectorsApi.Parameters,
        };

        foreach (var (path, parameters) in expected)
        {
            var documented = paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Select(p => p.GetProperty("name").GetString()).ToList();
            documented.ShouldBe(parameters, ignoreOrder: true, $"{path} documents {string.Join(",", documented)}");
        }
    }

    [Fact]
    public async Task The_project_list_documents_its_parameters_and_the_GeoJSON_format()
    {
        using var document = JsonDocument.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json"));
        var list = document.RootElement.GetProperty("paths").GetProperty("/api/v1/projects").GetProperty("get");
        var parameters = list.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        parameters.Keys.ShouldBe(
            ["country", "sector", "status", "agreementId", "startedFrom", "startedTo", "q", "sort", "page", "pageSize", "format"], ignoreOrder: true);
        parameters["format"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ShouldBe(["csv", "json", "xlsx", "geojson"]);
        parameters["format"].GetProperty("description").GetString()!.ShouldContain("FeatureCollection");
        parameters["status"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ShouldContain("under-construction");
        list.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();
        var agreementFormats = document.RootElement.GetProperty("paths").GetProperty("/api/v1/agreements").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "format").GetProperty("schema").GetProperty("enum");
        agreementFormats.EnumerateArray().Select(v => v.GetString()).ShouldBe(["csv", "json", "xlsx"]);
    }

    [Fact]
    public async Task The_Swagger_UI_is_served_by_the_app()
    {
        var response = await api.Client().GetAsync("/swagger/index.html");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("swagger-ui");
    }
}
