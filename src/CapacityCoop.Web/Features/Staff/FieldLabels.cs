namespace CapacityCoop.Web.Features.Staff;

/// <summary>
/// The label a person reads for a field of the input contract or of an audit snapshot ("signedOn" → "Date signed"),
/// the same words the forms use; pass it through the localizer. Unknown fields keep their own name.
/// </summary>
public static class FieldLabels
{
    /// <summary>In the order the forms show them, which is also the order rows are listed in.</summary>
    private static readonly (string Field, string Label)[] Ordered =
    [
        ("title", "Title"),
        ("titleZh", "Chinese title"),
        ("name", "Name"),
        ("nameZh", "Chinese name"),
        ("kind", "Kind"),
        ("status", "Status"),
        ("parties", "Parties"),
        ("signedOn", "Date signed"),
        ("signedPlace", "Place"),
        ("signatories", "Signatories"),
        ("value", "Signed value"),
        ("valueNote", "Which figure and why"),
        ("sectors", "Sectors"),
        ("summary", "Summary"),
        ("event", "Event"),
        ("parentAgreementId", "Umbrella agreement"),
        ("sources", "Sources"),
        ("slug", "Stable key (slug)"),
        ("archived", "Archived"),
        ("hostCountry", "Host country"),
        ("country", "Country"),
        ("agreementIds", "Agreements"),
        ("companies", "Companies"),
        ("investment", "Investment"),
        ("investmentNote", "Investment note"),
        ("capacity", "Capacity"),
        ("jobsCreated", "Jobs created"),
        ("announcedOn", "Announced"),
        ("constructionStartOn", "Construction started on"),
        ("completedOn", "Completed on"),
        ("latitude", "Latitude"),
        ("longitude", "Longitude"),
    ];

    private static readonly Dictionary<string, (int Rank, string Label)> Labels =
        Ordered.Select((f, i) => (f.Field, Entry: (i, f.Label))).ToDictionary(f => f.Field, f => f.Entry, StringComparer.OrdinalIgnoreCase);

    public static string For(string field) => Labels.TryGetValue(field, out var entry) ? entry.Label : field;

    /// <summary>Where a field comes in a list of fields: as on the form, unknown fields last.</summary>
    public static int Rank(string field) => Labels.TryGetValue(field, out var entry) ? entry.Rank : int.MaxValue;

    public static IEnumerable<string> All => Ordered.Select(f => f.Label);
}
