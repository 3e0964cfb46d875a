using System.Text.RegularExpressions;
using System.Xml.Linq;
using CapacityCoop.Web.Infrastructure.Auth;

namespace CapacityCoop.Tests.Pages.Manage.Admin;

/// <summary>Every text of the admin pages, and every message StaffAccounts gives them, has a Chinese translation.</summary>
public sealed partial class AdminTranslationTests
{
    [Fact]
    public void Every_literal_text_and_message_of_the_admin_pages_has_a_Chinese_translation()
    {
        var web = FindWebProject();
        var chinese = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.zh.resx")).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);
        var files = Directory.GetFiles(Path.Combine(web, "Pages", "Manage", "Admin"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .ToList();
        var literals = files.SelectMany(f => Localized().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups["key"].Value))).ToList();
        var messages = typeof(StaffAccounts).GetFields()
            .Where(f => f.IsLiteral && f.Name.EndsWith("Message", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        files.Count.ShouldBeGreaterThan(10);
        literals.Count.ShouldBeGreaterThan(50);
        messages.Count.ShouldBeGreaterThan(5);
        literals.Concat(messages).Concat(PortalRoles.All).Where(k => !chinese.Contains(k)).Distinct().ShouldBeEmpty();
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

    // T["..."] in views and text["..."] in page models, with a literal key.
    [GeneratedRegex("""\b(?:T|text)\["(?<key>(?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex Localized();
}
