using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>
/// Marks an endpoint or page that reads its whole query string through <see cref="QueryParameters"/>, which reports a
/// control character per parameter in the endpoint's own way (a problem document, or the search page's error list).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StrictQueryAttribute : Attribute;

/// <summary>
/// The backstop for the one character PostgreSQL cannot store: U+0000 in a route value, a query parameter or a form
/// field turns a lookup into an exception and the request into a 500. The record contracts and the strict query
/// parser reject every control character field by field; this catches the inputs read anywhere else (sign-in, the
/// staff lists' and pickers' searches, admin forms, ids in the path) before any handler runs.
/// </summary>
public static class NulGuard
{
    public static WebApplication UsePortalNulGuard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            void Check(string field, string? value)
            {
                var at = value is null ? -1 : value.IndexOf('\0', StringComparison.Ordinal);
                if (at >= 0 && !errors.ContainsKey(field))
                {
                    errors[field] = [ControlCharacters.Message(field, value!, at)];
                }
            }

            foreach (var (key, value) in context.Request.RouteValues)
            {
                Check(key, value as string);
            }

            if (context.GetEndpoint()?.Metadata.GetMetadata<StrictQueryAttribute>() is null)
            {
                foreach (var (key, values) in context.Request.Query)
                {
                    Check(key, key);
                    foreach (var value in values)
                    {
                        Check(key, value);
                    }
                }
            }

            if (context.Request.HasFormContentType && await FormAsync(context) is { } form)
            {
                foreach (var (key, values) in form)
                {
                    Check(key, key);
                    foreach (var value in values)
                    {
                        Check(key, value);
                    }
                }
            }

            if (errors.Count == 0)
            {
                await next(context);
                return;
            }

            await TypedResults.ValidationProblem(errors, title: "One or more inputs hold a control character.").ExecuteAsync(context);
        });
        return app;
    }

    /// <summary>The form as the page will bind it (ASP.NET Core keeps it); a form that cannot be read is left to the page to refuse.</summary>
    private static async Task<IFormCollection?> FormAsync(HttpContext context)
    {
        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
