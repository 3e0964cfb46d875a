using System.Text.RegularExpressions;
using System.Xml.Linq;
using CapacityCoop.Web.Domain;

namespace CapacityCoop.Tests.Pages;

/// <summary>
/// Checks on Resources/SharedResource*.resx, read from the source tree. Resource names are case-insensitive when the
/// build compiles them: of "Signed" and "signed" one is dropped (warning MSB3568), and the Chinese page silently
/// falls back to English for it.
/// </summary>
public sealed partial class LocalizationResourceTests
{
    private static readonly string WebProject = FindWebProject();

    [Theory]
    [InlineData("SharedResource.resx")]
    [InlineData("SharedResource.zh.resx")]
    public void Resource_names_are_unique_ignoring_case_and_in_order(string file)
    {
        var names = Names(file);

        names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList(), "entries are kept in ordinal order of their names, which keeps merges clean");
    }

    [Fact]
    public void Every_literal_text_of_the_country_and_sector_pages_has_a_Chinese_translation()
    {
        var chinese = Names("SharedResource.zh.resx").ToHashSet(StringComparer.Ordinal);
        var files = new[] { "Pages/Countries", "Pages/Sectors" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(WebProject, folder), "*.cshtml"))
            .Concat(new[] { "_ValueByYear", "_RankedBars", "_AgreementTable", "_Layout" }.Select(p => Path.Combine(WebProject, "Pages/Shared", $"{p}.cshtml")))
            .ToList();

        var missing = files
            .SelectMany(f => LocalizedLiteral().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups["key"].Value)))
            .Where(x => !chinese.Contains(x.Key))
            .Select(x => $"{x.File}: {x.Key}")
            .Distinct()
            .ToList();

        files.Count.ShouldBeGreaterThan(6);
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Every_region_kind_and_status_has_a_Chinese_label()
    {
        var chinese = Names("SharedResource.zh.resx").ToHashSet(StringComparer.Ordinal);

        Vocabulary.Regions.Concat(Vocabulary.AgreementKinds).Concat(Vocabulary.AgreementStatuses).Concat(Vocabulary.ProjectStatuses)
            .Where(v => !chinese.Contains(v)).ShouldBeEmpty();
    }

    [Fact]
    public void Every_field_of_a_record_has_a_label_with_a_Chinese_translation()
    {
        var chinese = Names("SharedResource.zh.resx").ToHashSet(StringComparer.Ordinal);
        var fields = new object[]
            {
                CapacityCoop.Web.Features.Agreements.AgreementEditor.Snapshot(new Agreement { Slug = "s", Title = "t", Kind = "mou", Status = "signed" }),
                CapacityCoop.Web.Features.Projects.ProjectEditor.Snapshot(new Project { Slug = "s", Name = "n", HostCountryIso3 = "KAZ", Status = "planned" }),
                CapacityCoop.Web.Features.Organisations.OrganisationEditor.Snapshot(new Organisation { Slug = "s", Name = "n", Kind = "company" }),
                new CapacityCoop.Web.Features.Agreements.AgreementInput(),
                new CapacityCoop.Web.Features.Projects.ProjectInput(),
            }
            .SelectMany(o => System.Text.Json.JsonSerializer.SerializeToElement(o, CapacityCoop.Web.Features.Api.ApiResults.Json).EnumerateObject().Select(p => p.Name))
            .Distinct()
            .ToList();

        fields.Where(f => CapacityCoop.Web.Features.Staff.FieldLabels.For(f) == f).ShouldBeEmpty("every field needs a label");
        CapacityCoop.Web.Features.Staff.FieldLabels.All.Where(label => !chinese.Contains(label)).ShouldBeEmpty();
    }

    private static List<string> Names(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToList();

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

    // T["..."] or S["..."] with a literal key, as a whole key (not the start of a concatenation).
    [GeneratedRegex("""\b[TS]\["(?<key>(?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex LocalizedLiteral();
}
