namespace CapacityCoop.Web.Features.Staff;

/// <summary>
/// The label a person reads for a field of the input contract or of an audit snapshot ("signedOn" → "Date signed"),
/// the same words the forms use; pass it through the localizer. Unknown fields keep their own name.
/// </summary>
public static class FieldLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = "Title",
        ["titleZh"] = "Chinese title",
        ["name"] = "Name",
        ["nameZh"] = "Chinese name",
        ["kind"] = "Kind",
        ["status"] = "Status",
        ["parties"] = "Parties",
        ["signedOn"] = "Date signed",
        ["signedPlace"] = "Place",
        ["signatories"] = "Signatories",
        ["value"] = "Signed value",
        ["valueNote"] = "Which figure and why",
        ["sectors"] = "Sectors",
        ["summary"] = "Summary",
        ["event"] = "Event",
        ["parentAgreementId"] = "Umbrella agreement",
        ["sources"] = "Sources",
        ["slug"] = "Stable key (slug)",
        ["archived"] = "Archived",
        ["hostCountry"] = "Host country",
        ["country"] = "Country",
        ["agreementIds"] = "Agreements",
        ["companies"] = "Companies",
        ["investment"] = "Investment",
        ["investmentNote"] = "Investment note",
        ["capacity"] = "Capacity",
        ["jobsCreated"] = "Jobs created",
        ["announcedOn"] = "Announced",
        ["constructionStartOn"] = "Construction started on",
        ["completedOn"] = "Completed on",
        ["latitude"] = "Latitude",
        ["longitude"] = "Longitude",
    };

    public static string For(string field) => Labels.GetValueOrDefault(field, field);

    public static IEnumerable<string> All => Labels.Values;
}
