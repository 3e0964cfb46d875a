using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>
/// Marks an endpoint or page that reads its whole query string through <see cref="QueryParameters"/>, which reports a
/// control character per parameter in the endpoint's own way (a problem document, or the search page's error list).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StrictQueryAttribute : Attribute;

/// <summary>
/// The backstop for inputs read outside the record contracts and the strict query parser (which reject every control
/// character field by field): a control character in a route value or a query parameter (the staff lists' and
/// pickers' searches, ids in the path) is a 400 naming it, before any handler runs; in a form field only U+0000 is —
/// the one character PostgreSQL cannot store, which would turn a lookup into a 500 — while the other controls become
/// the field's message on the form (ControlCharacterPageFilter).
/// </summary>
public static class NulGuard
{
    public static WebApplication UsePortalNulGuard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            void Check(string field, string? value, bool onlyNul = false)
            {
                var at = value is null ? -1
                    : onlyNul ? value.IndexOf('\0', StringComparison.Ordinal)
                    : ControlCharacters.IndexOf(value, multiLine: false);
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
                // Only NUL here: the other controls in a form field become that field's message (ControlCharacterPageFilter).
                foreach (var (key, values) in form)
                {
                    Check(key, key, onlyNul: true);
                    foreach (var value in values)
                    {
                        Check(key, value, onlyNul: true);
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
