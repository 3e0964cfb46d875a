using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using CapacityCoop.Web;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Projects;

namespace CapacityCoop.Tests.Pages.Projects;

/// <summary>Every text the project pages show has a Chinese translation; code labels also have their English wording.</summary>
public sealed partial class ProjectPagesTranslationTests
{
    private static readonly ResourceManager Resources = new("CapacityCoop.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    [Fact]
    public void Every_text_of_the_project_pages_has_a_Chinese_translation()
    {
        var chinese = Keys(CultureInfo.GetCultureInfo("zh"));
        var texts = PageTexts().Concat(CodeLabels()).Distinct().ToList();

        texts.Count.ShouldBeGreaterThan(60);
        texts.Where(t => !chinese.Contains(t)).ShouldBeEmpty();
    }

    [Fact]
    public void Code_labels_have_English_wording()
    {
        var english = Keys(CultureInfo.InvariantCulture);

        CodeLabels().Where(t => !english.Contains(t)).ShouldBeEmpty();
    }

    private static IEnumerable<string> CodeLabels() =>
        ProjectFilter.SortKeys.Select(k => "sort-" + k)
            .Concat(Vocabulary.CompanyRoles.Select(r => "role-" + r))
            .Concat(Vocabulary.AuditActions.Select(a => "audit-" + a))
            .Concat(Vocabulary.ProjectStatuses);

    /// <summary>The literal keys the pages pass to the localizer (T["..."] in views, text["..."] in page models).</summary>
    private static IEnumerable<string> PageTexts()
    {
        var folder = Path.Combine(RepositoryFiles.Root, "src", "CapacityCoop.Web", "Pages", "Projects");
        foreach (var file in Directory.GetFiles(folder))
        {
            foreach (Match match in LocalizerKey().Matches(File.ReadAllText(file)))
            {
                var key = match.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal);
                if (!key.EndsWith('-'))
                {
                    yield return key;
                }
            }
        }
    }

    private static HashSet<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("""(?:\bT|\btext)\[\s*"((?:[^"\\]|\\.)*)""")]
    private static partial Regex LocalizerKey();
}
