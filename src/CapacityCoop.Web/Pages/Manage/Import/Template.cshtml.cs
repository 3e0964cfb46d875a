using CapacityCoop.Web.Features.Import;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage.Import;

/// <summary>The CSV template of an import: its header row, and with <c>example=true</c> one example row.</summary>
[Authorize(Policy = AuthPolicies.StaffEditor)]
public sealed class TemplateModel(CsvImporter importer) : PageModel
{
    public IActionResult OnGet(string? type, bool example = false)
    {
        if (type is null || !CsvImporter.EntityTypes.Contains(type))
        {
            return NotFound();
        }

        var name = example ? $"{type}s-example.csv" : $"{type}s-template.csv";
        return File(importer.Template(type, example), "text/csv; charset=utf-8", name);
    }
}
