namespace CapacityCoop.Web.Domain;

/// <summary>
/// The fixed vocabularies of the domain. They are stored as readable text (not integers) so that
/// exports, SQL and the API all speak the same words; check constraints in the database keep them honest.
/// </summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> Regions =
        ["Asia", "Africa", "Latin America & Caribbean", "Europe", "Middle East", "Oceania", "North America"];

    public static readonly IReadOnlyList<string> AgreementKinds =
        ["mou", "framework", "cooperation", "contract", "loan", "joint-statement"];

    public static readonly IReadOnlyList<string> AgreementStatuses =
        ["negotiating", "signed", "in-force", "completed", "terminated"];

    public static readonly IReadOnlyList<string> ProjectStatuses =
        ["planned", "feasibility", "under-construction", "operational", "suspended", "cancelled"];

    public static readonly IReadOnlyList<string> OrganisationKinds =
        ["company", "ministry", "government", "fund", "bank", "other"];

    public static readonly IReadOnlyList<string> CompanyRoles =
        ["developer", "investor", "contractor", "operator", "partner"];

    public static readonly IReadOnlyList<string> DatePrecisions = ["year", "month", "day"];

    public static readonly IReadOnlyList<string> AuditActions = ["create", "update", "archive", "restore"];

    /// <summary>The record types staff edit through forms, drafts and the API.</summary>
    public static readonly IReadOnlyList<string> EditableEntityTypes = ["agreement", "project", "organisation"];

    /// <summary>SQL for a check constraint that limits <paramref name="column"/> to <paramref name="values"/>.</summary>
    public static string CheckIn(string column, IEnumerable<string> values) =>
        $"{column} IN ({string.Join(", ", values.Select(v => $"'{v.Replace("'", "''")}'"))})";
}
