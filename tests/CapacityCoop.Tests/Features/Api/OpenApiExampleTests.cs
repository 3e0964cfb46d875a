using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CapacityCoop.Tests.Features.Api;

/// <summary>
/// Examples are what people and generated clients copy: each must be a value its schema accepts (a number parameter's
/// example a number, an enum's one of its values, a date a date), and each request example a body the API accepts.
/// </summary>
public sealed class OpenApiExampleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Every_example_in_the_document_has_the_type_and_format_of_its_schema()
    {
        var document = JsonNode.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        var checker = new ExampleChecker(document);

        checker.CheckAll();

        checker.Checked.ShouldBeGreaterThan(30, "the walk should reach the parameter and request-body examples");
        checker.Problems.ShouldBeEmpty(string.Join(Environment.NewLine, checker.Problems));
    }

    [Fact]
    public void The_checker_tells_an_integer_from_a_number_from_a_string_and_knows_enums_and_dates()
    {
        var document = JsonNode.Parse("""
            {"components": {"schemas": {"Page": {"type": "integer", "format": "int32"}}}, "paths": {"/x": {"get": {"parameters": [
              {"name": "a", "schema": {"$ref": "#/components/schemas/Page"}, "example": "1"},
              {"name": "b", "schema": {"type": "integer"}, "example": 1.5},
              {"name": "c", "schema": {"type": "number"}, "example": "10"},
              {"name": "d", "schema": {"type": "string", "enum": ["csv", "json"]}, "example": "xml"},
              {"name": "e", "schema": {"type": "string", "format": "date"}, "example": "2015-13-01"},
              {"name": "f", "schema": {"type": "number"}, "example": 10},
              {"name": "g", "schema": {"oneOf": [{"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}, {"type": "object", "required": ["title"]}]},
               "example": {"id": 1, "title": "both"}}
            ]}}}}
            """)!.AsObject();
        var checker = new ExampleChecker(document);

        checker.CheckAll();

        checker.Checked.ShouldBe(7);
        checker.Problems.Count.ShouldBe(6, string.Join(Environment.NewLine, checker.Problems));
    }

    [Fact]
    public async Task Every_request_example_creates_a_record_when_posted()
    {
        var document = JsonNode.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        using var client = api.Client(await api.CreateKeyAsync("read", "write"));
        var posted = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (path.Contains('{', StringComparison.Ordinal) || item!["post"]?["requestBody"]?["content"]?["application/json"]?["example"] is not { } example)
            {
                continue;
            }

            // The examples are seed records: a new slug keeps the created record from clashing with the seeded one.
            var body = example.DeepClone().AsObject();
            body["slug"] = $"example-{posted}-{Guid.NewGuid():N}"[..24];
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            var response = await client.PostAsync(path, content);

            response.StatusCode.ShouldBe(HttpStatusCode.Created, $"POST {path} with its example: {await response.Content.ReadAsStringAsync()}");
            posted++;
        }

        posted.ShouldBe(3, "agreements, projects and organisations each show a request example");
    }
}

/// <summary>Checks every example of an OpenAPI 3.0 document against its schema (the subset of JSON Schema the document uses).</summary>
internal sealed class ExampleChecker(JsonObject document)
{
    public List<string> Problems { get; } = [];

    public int Checked { get; private set; }

    public void CheckAll() => Walk(document, "#");

    private void Walk(JsonNode? node, string pointer)
    {
        switch (node)
        {
            case JsonObject item:
                // A parameter or media type carries its example beside its schema; a schema carries its own.
                var schema = item["schema"] ?? item;
                if (item.ContainsKey("example"))
                {
                    Check(item["example"], schema, $"{pointer}/example");
                }

                if (item["schema"] is not null && item["examples"] is JsonObject examples)
                {
                    foreach (var (name, example) in examples)
                    {
                        Check(example?["value"], schema, $"{pointer}/examples/{name}/value");
                    }
                }

                foreach (var (key, child) in item)
                {
                    if (key is not "example" and not "examples")
                    {
                        Walk(child, $"{pointer}/{key.Replace("~", "~0").Replace("/", "~1")}");
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{pointer}/{i}");
                }

                break;
        }
    }

    private void Check(JsonNode? example, JsonNode schema, string pointer)
    {
        Checked++;
        Problems.AddRange(Mismatches(example, schema, pointer));
    }

    private List<string> Mismatches(JsonNode? value, JsonNode schema, string at)
    {
        var problems = new List<string>();
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var target = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate<string, JsonNode?>(document, (node, segment) => node?[segment.Replace("~1", "/").Replace("~0", "~")]);
            return target is null ? [$"{at}: {reference} does not resolve"] : Mismatches(value, target, at);
        }

        if (value is null)
        {
            if (schema["type"] is not null && schema["nullable"]?.GetValue<bool>() != true)
            {
                problems.Add($"{at}: null, but the schema is not nullable");
            }

            return problems;
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var matching = oneOf.Count(s => Mismatches(value, s!, at).Count == 0);
            if (matching != 1)
            {
                problems.Add($"{at}: {value.ToJsonString()} matches {matching} of the oneOf schemas, not exactly one");
            }
        }

        foreach (var part in schema["allOf"] as JsonArray ?? [])
        {
            problems.AddRange(Mismatches(value, part!, at));
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
        {
            problems.Add($"{at}: {value.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        var kind = value.GetValueKind();
        switch (schema["type"]?.GetValue<string>())
        {
            case "integer":
                if (kind != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out var whole))
                {
                    problems.Add($"{at}: {value.ToJsonString()} is not an integer");
                }
                else if (schema["format"]?.GetValue<string>() == "int32" && whole is < int.MinValue or > int.MaxValue)
                {
                    problems.Add($"{at}: {whole} is out of int32 range");
                }
                else
                {
                    problems.AddRange(Range(whole, schema, at));
                }

                break;
            case "number":
                if (kind != JsonValueKind.Number)
                {
                    problems.Add($"{at}: {value.ToJsonString()} is not a number");
                }
                else
                {
                    problems.AddRange(Range(value.GetValue<decimal>(), schema, at));
                }

                break;
            case "boolean":
                if (kind is not JsonValueKind.True and not JsonValueKind.False)
                {
                    problems.Add($"{at}: {value.ToJsonString()} is not a boolean");
                }

                break;
            case "string":
                if (kind != JsonValueKind.String)
                {
                    problems.Add($"{at}: {value.ToJsonString()} is not a string");
                }
                else
                {
                    problems.AddRange(StringMismatches(value.GetValue<string>(), schema, at));
                }

                break;
            case "array":
                if (value is not JsonArray items)
                {
                    problems.Add($"{at}: {value.ToJsonString()} is not an array");
                }
                else if (schema["items"] is { } itemSchema)
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        problems.AddRange(Mismatches(items[i], itemSchema, $"{at}/{i}"));
                    }
                }

                break;
            case "object":
                if (value is not JsonObject fields)
                {
                    problems.Add($"{at}: {value.ToJsonString()} is not an object");
                    break;
                }

                var properties = schema["properties"] as JsonObject;
                foreach (var required in schema["required"] as JsonArray ?? [])
                {
                    if (!fields.ContainsKey(required!.GetValue<string>()))
                    {
                        problems.Add($"{at}: the required field {required} is missing");
                    }
                }

                foreach (var (name, field) in fields)
                {
                    if (properties?[name] is { } fieldSchema)
                    {
                        problems.AddRange(Mismatches(field, fieldSchema, $"{at}/{name}"));
                    }
                    else if (schema["additionalProperties"] is JsonValue additional && !additional.GetValue<bool>())
                    {
                        problems.Add($"{at}: {name} is not a field of the schema");
                    }
                }

                break;
        }

        return problems;
    }

    private static IEnumerable<string> Range(decimal number, JsonNode schema, string at)
    {
        if (schema["minimum"] is { } minimum && number < minimum.GetValue<decimal>())
        {
            yield return $"{at}: {number} is below the minimum {minimum}";
        }

        if (schema["maximum"] is { } maximum && number > maximum.GetValue<decimal>())
        {
            yield return $"{at}: {number} is above the maximum {maximum}";
        }
    }

    private static IEnumerable<string> StringMismatches(string text, JsonNode schema, string at)
    {
        var format = schema["format"]?.GetValue<string>();
        var valid = format switch
        {
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date-time" => DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
            _ => true,
        };
        if (!valid)
        {
            yield return $"{at}: \"{text}\" is not a {format}";
        }

        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            yield return $"{at}: \"{text}\" does not match {pattern}";
        }

        if (schema["maxLength"]?.GetValue<int>() is { } maxLength && text.Length > maxLength)
        {
            yield return $"{at}: \"{text}\" is longer than {maxLength}";
        }
    }
}
