using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CapacityCoop.Tests.Pages.Manage.Agreements;

/// <summary>Every literal text of the staff lists and edit forms (and their shared partials) has a Chinese translation.</summary>
public sealed partial class ManageFormsTranslationTests
{
    [Fact]
    public void Every_literal_text_of_the_staff_forms_has_a_Chinese_translation()
    {
        var web = FindWebProject();
        var chinese = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.zh.resx")).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);
        var files = new[] { "Agreements", "Projects", "Organisations" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(web, "Pages", "Manage", folder), "*.cshtml"))
            .Concat(Directory.GetFiles(Path.Combine(web, "Pages", "Manage", "Shared"), "_*Form*.cshtml"))
            .Append(Path.Combine(web, "Pages", "Manage", "Shared", "_RecordPicker.cshtml"))
            .ToList();
        var forms = Directory.GetFiles(Path.Combine(web, "Features", "Staff", "Forms"), "*.cs");

        var missing = files.SelectMany(f => LocalizedLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Concat(forms.SelectMany(f => LocalizeCall().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value)))
            .Where(key => !chinese.Contains(key))
            .Distinct()
            .ToList();

        files.Count.ShouldBeGreaterThan(12);
        missing.ShouldBeEmpty();
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

    [GeneratedRegex("""\b[TS]\["(?<key>(?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex LocalizedLiteral();

    [GeneratedRegex("""Localize\(\s*(?:archived\s*\?\s*)?"(?<key>(?:[^"\\]|\\.)*)"\s*[,)]""")]
    private static partial Regex LocalizeCall();
}
