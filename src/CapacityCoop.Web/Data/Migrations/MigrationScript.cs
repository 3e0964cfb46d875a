using System.Reflection;

namespace CapacityCoop.Web.Data.Migrations;

/// <summary>Reads a migration's SQL, kept beside it as an embedded .sql file so it can be read and reviewed as SQL.</summary>
internal static class MigrationScript
{
    public static string Read(string migrationId)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($"{migrationId}.sql", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
