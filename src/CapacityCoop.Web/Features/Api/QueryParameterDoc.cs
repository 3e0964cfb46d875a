namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Describes one query parameter for the OpenAPI document. List endpoints read their parameters strictly through
/// <see cref="QueryParameters"/> rather than by binding, so they declare them with this metadata instead.
/// </summary>
public sealed record QueryParameterDoc(
    string Name,
    string Description,
    string Type = "string",
    IReadOnlyList<string>? Values = null,
    string? Example = null,
    string? Format = null,
    int? Minimum = null,
    int? Maximum = null);

public static class QueryParameterDocExtensions
{
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, IEnumerable<QueryParameterDoc> parameters) =>
        builder.WithMetadata(new QueryParameterDocs(parameters.ToList()));
}

public sealed record QueryParameterDocs(IReadOnlyList<QueryParameterDoc> Parameters);

/// <summary>Example request bodies, taken from the seed data, shown in the OpenAPI document.</summary>
public sealed record RequestExample(object Value);
