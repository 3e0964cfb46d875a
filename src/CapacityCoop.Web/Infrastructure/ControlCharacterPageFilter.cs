using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff.Forms;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Infrastructure;

/// <summary>
/// Control characters in a posted form field become that field's message, as any other invalid input does, before the
/// handler runs; handlers re-display the form while ModelState is invalid, so nothing is stored. Tab and line breaks
/// are left to the fields' own rules (a paragraph may hold them; a name may not, see StaffAccounts). The record forms
/// are skipped: their editors already report control characters field by field (InputErrors.RejectControlCharacters).
/// NUL never gets here: NulGuard turns it into a 400 before any page runs.
/// </summary>
public sealed class ControlCharacterPageFilter(IStringLocalizer<SharedResource> text) : IAsyncPageFilter
{
    public const string Message = "This field contains a control character (U+{0}) at position {1}: remove it.";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType && context.HandlerInstance is not RecordEditPageModel)
        {
            foreach (var (field, values) in await request.ReadFormAsync(context.HttpContext.RequestAborted))
            {
                foreach (var value in values)
                {
                    var at = value is null ? -1 : ControlCharacters.IndexOf(value, multiLine: true);
                    if (at >= 0)
                    {
                        context.ModelState.AddModelError(field, text[Message, ((int)value![at]).ToString("X4", System.Globalization.CultureInfo.InvariantCulture), at + 1]);
                        break;
                    }
                }
            }
        }

        await next();
    }
}
