namespace CapacityCoop.Tests.Infrastructure;

/// <summary>Files of the checkout the tests run from: scripts, configuration, sources.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CapacityCoop.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CapacityCoop.sln) was not found above " + AppContext.BaseDirectory);
    }
}
