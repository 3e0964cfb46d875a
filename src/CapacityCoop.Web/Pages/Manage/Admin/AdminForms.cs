using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CapacityCoop.Web.Pages.Manage.Admin;

/// <summary>Ties a form field to its error message for assistive technology (aria-invalid, aria-describedby).</summary>
public static class AdminForms
{
    /// <summary>The id of the element that shows <paramref name="field"/>'s error: "Input.Email" → "Input_Email-error".</summary>
    public static string ErrorId(string field) => field.Replace('.', '_') + "-error";

    public static bool HasError(ModelStateDictionary state, string field) => state[field]?.Errors.Count > 0;

    /// <summary>"true" when the field has an error, else null (Razor then leaves the attribute out).</summary>
    public static string? Invalid(ModelStateDictionary state, string field) => HasError(state, field) ? "true" : null;

    /// <summary>The ids that describe a field: its hint, if any, and its error when it has one; null when neither.</summary>
    public static string? DescribedBy(ModelStateDictionary state, string field, string? hintId = null)
    {
        var ids = new[] { hintId, HasError(state, field) ? ErrorId(field) : null }.OfType<string>().ToList();
        return ids.Count > 0 ? string.Join(' ', ids) : null;
    }
}
