using System.Xml.Linq;

namespace CapacityCoop.Tests.Infrastructure.Localization;

/// <summary>
/// The .resx files are edited by hand. Resource names are case-insensitive when compiled: of "Signed" and "signed"
/// only the first is kept (a build warning), and the other text silently falls back to English at run time.
/// </summary>
public sealed class ResourceFileTests
{
    [Theory]
    [InlineData("SharedResource.resx")]
    [InlineData("SharedResource.zh.resx")]
    public void Names_are_unique_ignoring_case_and_in_alphabetical_order(string file)
    {
        var names = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "CapacityCoop.Web", "Resources", file))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();

        names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ShouldBeEmpty();
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CapacityCoop.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CapacityCoop.sln above {AppContext.BaseDirectory}.");
    }
}
