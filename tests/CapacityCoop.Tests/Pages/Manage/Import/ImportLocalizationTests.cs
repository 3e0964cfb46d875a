using System.Text.RegularExpressions;
using System.Xml.Linq;
using CapacityCoop.Web.Features.Import;

namespace CapacityCoop.Tests.Pages.Manage.Import;

/// <summary>The import pages and the column help they show exist in Chinese.</summary>
public sealed partial class ImportLocalizationTests
{
    [Fact]
    public void Every_literal_text_of_the_import_pages_and_every_column_description_has_a_Chinese_translation()
    {
        var web = FindWebProject();
        var chinese = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.zh.resx")).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var literals = Directory.GetFiles(Path.Combine(web, "Pages", "Manage", "Import"), "*.cshtml")
            .SelectMany(f => LocalizedLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToList();
        var descriptions = new ImportFormat[] { new AgreementImportFormat(null!, null!), new ProjectImportFormat(null!, null!) }
            .SelectMany(f => f.Columns).Select(c => c.Description);

        literals.Count.ShouldBeGreaterThan(40);
        literals.Concat(descriptions).Where(key => !chinese.Contains(key)).Distinct().ShouldBeEmpty();
    }

    private static string FindWebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CapacityCoop.Web");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/CapacityCoop.Web not found above the test output folder.");
    }

    // T["..."] or T.GetString("...") with a literal key.
    [GeneratedRegex("""\bT(?:\[|\.GetString\()"(?<key>(?:[^"\\]|\\.)*)"\s*[,\])]""")]
    private static partial Regex LocalizedLiteral();
}
