using System.Text.Json;
using System.Text.Json.Nodes;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CapacityCoop.Web.Features.Api;

/// <summary>The OpenAPI document at /swagger/v1/swagger.json and the Swagger UI at /swagger (served from the app: works offline).</summary>
public static class OpenApiDocs
{
    public const string BearerScheme = "bearer";
    public const string HeaderScheme = "apiKey";

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CapacityCoop API",
                Version = "v1",
                Description =
                    "Bilateral production-capacity cooperation: agreements (MOUs, frameworks, contracts, loans) and the projects " +
                    "that implement them. Reads are public; writes need an API key with the write scope, sent as " +
                    "`Authorization: Bearer <key>` or `X-Api-Key: <key>`. Errors are RFC 9457 problem documents with a traceId. " +
                    "Dates are strings at the precision known (\"2014-12\"). See docs/api.md for curl and Python examples.",
                Contact = new OpenApiContact { Name = "CapacityCoop maintainers (see docs/api.md)" },
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (cc_...) sent as a Bearer token.",
            });
            options.AddSecurityDefinition(HeaderScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "The same API key in the X-Api-Key header.",
            });
            options.CustomSchemaIds(SchemaId);
            options.SupportNonNullableReferenceTypes();
            options.OperationFilter<PortalOperationFilter>();
            options.SchemaFilter<SourceInputSchemaFilter>();
            // A relative server: the document is the same whether served or written by the openapi command, and a client
            // resolves it against wherever it fetched the document.
            options.AddServer(new OpenApiServer { Url = "/", Description = "The portal that serves this document." });
        });
        return services;
    }

    public static WebApplication MapPortalOpenApi(this WebApplication app)
    {
        app.UseSwagger(options => options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0);
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "CapacityCoop API v1");
            options.DocumentTitle = "CapacityCoop API";
        });
        return app;
    }

    /// <summary>The document as /swagger/v1/swagger.json serves it, less the <c>servers</c> entry a request adds.</summary>
    public static async Task WriteDocumentAsync(IServiceProvider services, Stream output, CancellationToken cancellationToken = default)
    {
        var document = services.GetRequiredService<ISwaggerProvider>().GetSwagger("v1");
        await document.SerializeAsJsonAsync(output, OpenApiSpecVersion.OpenApi3_0, cancellationToken);
    }

    // PagedResult<AgreementSummaryDto> → "AgreementSummaryDtoPage"; records keep their names without the Dto suffix noise.
    private static string SchemaId(Type type) => type.IsGenericType
        ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`')].Replace("PagedResult", "Page")
        : type.Name;
}

/// <summary>Adds what endpoint metadata knows but the API explorer does not: query parameters, security, problem responses, examples.</summary>
internal sealed class PortalOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var method = context.ApiDescription.HttpMethod ?? "GET";
        var route = context.ApiDescription.RelativePath ?? "";
        operation.Parameters ??= [];
        operation.Responses ??= [];

        foreach (var parameter in metadata.OfType<QueryParameterDocs>().SelectMany(d => d.Parameters))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Description = parameter.Description,
                Required = false,
                Example = ExampleNode(parameter),
                Schema = new OpenApiSchema
                {
                    Type = parameter.Type switch
                    {
                        "integer" => JsonSchemaType.Integer,
                        "number" => JsonSchemaType.Number,
                        "boolean" => JsonSchemaType.Boolean,
                        _ => JsonSchemaType.String,
                    },
                    Format = parameter.Format,
                    Minimum = parameter.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Maximum = parameter.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Enum = parameter.Values?.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
                },
            });
        }

        if (metadata.OfType<RequestExample>().FirstOrDefault() is { } example && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Example = JsonSerializer.SerializeToNode(example.Value, ExampleJson);
            }
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Contains(AuthPolicies.Write))
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDocs.BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDocs.HeaderScheme, context.Document)] = [] },
            ];
            Problem(operation, context, 401, "No credentials, or an unknown or revoked API key (see WWW-Authenticate).");
            Problem(operation, context, 403, "The API key lacks the write scope, or the user is not an Editor.");
        }

        var hasBody = method is "POST" or "PUT" && operation.RequestBody is not null;
        if (metadata.OfType<QueryParameterDocs>().Any() || hasBody)
        {
            Problem(operation, context, 400, "Invalid input: each failing parameter or field is listed under `errors`.", validation: true);
        }

        if (route.Contains('{'))
        {
            Problem(operation, context, 404, "No record with that id or code.");
        }

        if (method == "PUT")
        {
            Problem(operation, context, 409, "The record is archived: restore it first.");
            Problem(operation, context, 412, "If-Match does not match the current ETag: someone changed the record since you read it.");
            Problem(operation, context, 428, "No If-Match: send the ETag from a GET of the record (or *) so a replace never overwrites a change unseen.");
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The ETag from a GET of the record (or * for any version). Missing: 428; stale: 412.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (hasBody)
        {
            Problem(operation, context, 413, "The body is larger than 1 MB.");
            Problem(operation, context, 415, "The body is not application/json.");
        }

        Problem(operation, context, 429, "Too many requests from this client; see Retry-After.");
    }

    // Fields left out of an example are left out of the body, rather than shown as nulls the schema may not allow
    // (a source cites sourceId or describes a title, never both).
    private static readonly JsonSerializerOptions ExampleJson = new(ApiResults.Json)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The example as a JSON value of the parameter's type: a number parameter's example is a number, not a string that
    /// holds one (a client generated from the document would send its examples with the declared type).
    /// </summary>
    private static JsonNode? ExampleNode(QueryParameterDoc parameter)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return parameter switch
        {
            { Example: null } => null,
            { Type: "integer" } => JsonValue.Create(long.Parse(parameter.Example, System.Globalization.NumberStyles.AllowLeadingSign, invariant)),
            { Type: "number" } => JsonValue.Create(decimal.Parse(parameter.Example, System.Globalization.NumberStyles.Number, invariant)),
            { Type: "boolean" } => JsonValue.Create(bool.Parse(parameter.Example)),
            _ => JsonValue.Create(parameter.Example),
        };
    }

    private static void Problem(OpenApiOperation operation, OperationFilterContext context, int status, string description, bool validation = false)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateSchema(validation ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
        };
    }
}

/// <summary>
/// A source in a request is one of two shapes, never a mix: an existing source by <c>sourceId</c>, or a new one described
/// by <c>title</c> (with publisher, date and URL). The record type holds both so one validator reports a mix as a field
/// error; the document says it with a oneOf of two named schemas, so a generated client gets two types.
/// </summary>
internal sealed class SourceInputSchemaFilter : ISchemaFilter
{
    public const string ExistingSource = "ExistingSourceInput";
    public const string NewSource = "NewSourceInput";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(SourceInput) || schema is not OpenApiSchema target)
        {
            return;
        }

        var note = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 1000, Description = "What the source says about this record." };
        var existing = context.SchemaRepository.AddDefinition(ExistingSource, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A source already in the portal, cited by its id.",
            Required = new HashSet<string> { "sourceId" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["sourceId"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
                ["note"] = note,
            },
            AdditionalPropertiesAllowed = false,
        });
        var described = context.SchemaRepository.AddDefinition(NewSource, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A source new to the portal (reused when one with the same title and URL exists).",
            Required = new HashSet<string> { "title" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 500 },
                ["publisher"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
                ["publishedOn"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "At the precision known: 2015, 2015-04 or 2015-04-28.", Pattern = @"^\d{4}(-\d{2}(-\d{2})?)?$" },
                ["url"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = 2000, Description = "An absolute http or https URL." },
                ["note"] = note,
            },
            AdditionalPropertiesAllowed = false,
        });

        target.Type = null;
        target.Properties = null;
        target.AdditionalPropertiesAllowed = true;
        target.Description = "Cite an existing source by sourceId, or describe a new one by title: one or the other, never both.";
        target.OneOf = [existing, described];
    }
}
