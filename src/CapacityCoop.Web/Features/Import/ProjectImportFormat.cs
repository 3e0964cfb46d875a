using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Import;

/// <summary>Project rows: <see cref="ProjectInput"/> flattened into columns.</summary>
public sealed class ProjectImportFormat(PortalDbContext db, ProjectRecords records) : ImportFormat
{
    public override string EntityType => ProjectEditor.EntityType;

    public override string TitleColumn => "name";

    public override string SameRecordRule => "the same host country, the same name (ignoring case and spacing) and the same construction start date";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("name", true, "Name in English (required)."),
        new("name_zh", false, "Name in Chinese."),
        new("host_country", true, "ISO 3166-1 alpha-3 code of the country it is in (required)."),
        new("status", true, $"One of {string.Join(", ", Vocabulary.ProjectStatuses)} (required)."),
        new("sectors", true, "At least one sector code; several separated by ';' (steel;industrial-parks) (required)."),
        new("agreement_ids", false, "Ids of the agreements it implements, separated by ';'."),
        new("companies", false, $"Organisations involved as ID:role separated by ';' (12:contractor); roles: {string.Join(", ", Vocabulary.CompanyRoles)}."),
        new("investment_amount", false, "Investment, a plain number (1400000000)."),
        new("investment_currency", false, "ISO 4217 currency of the investment; needed with an investment."),
        new("investment_usd", false, "The investment in US dollars; needed when the currency is not USD."),
        new("investment_note", false, "Which figure is used when sources differ, and why."),
        new("capacity_value", false, "Capacity, a plain number (3.5); with capacity_unit."),
        new("capacity_unit", false, "Unit of the capacity (Mt/yr, MW, km)."),
        new("jobs_created", false, "Jobs created, a whole number."),
        new("announced_on", false, "Announcement date: 2015, 2015-05 or 2015-05-19."),
        new("construction_start_on", false, "Construction start date."),
        new("completed_on", false, "Completion date."),
        new("latitude", false, "Latitude in decimal degrees (3.9747); with longitude."),
        new("longitude", false, "Longitude in decimal degrees (103.3776); with latitude."),
        new("summary", false, "Summary."),
        new("slug", false, "Stable key for its address; made from the name when blank."),
        .. SourceColumns,
    ];

    public override IReadOnlyList<string> ExampleRow { get; } =
    [
        "Steel plant, Malaysia-China Kuantan Industrial Park",
        "马中关丹产业园钢铁厂",
        "MYS",
        "under-construction",
        "steel;industrial-parks",
        "",
        "",
        "1400000000",
        "USD",
        "1400000000",
        "around US$1.4 billion",
        "3.5",
        "Mt/yr",
        "4000",
        "",
        "2014-12-23",
        "",
        "3.9747",
        "103.3776",
        "Steel mill in the Malaysia-China Kuantan Industrial Park, to produce H-shape steel with annual output of 3.5 million tonnes.",
        "",
        "",
        "International Cooperation Eases China’s Integration into Global Economy",
        "",
        "2016",
        "",
        "Investment around US$1.4 billion, H-shape steel, 3.5 million tons a year, 4,000 jobs; construction started 23 December 2014.",
    ];

    public override object ToInput(ImportRow row, ReferenceData.Snapshot reference) => new ProjectInput
    {
        Name = row.Text("name"),
        NameZh = row.Text("name_zh"),
        HostCountry = row.Text("host_country"),
        Status = row.Text("status"),
        Sectors = row.List("sectors"),
        AgreementIds = row.Ids("agreement_ids"),
        Companies = Companies(row),
        Investment = Money(row, "investment"),
        InvestmentNote = row.Text("investment_note"),
        Capacity = row.Decimal("capacity_value") is var value && row.Text("capacity_unit") is var unit && (value is not null || unit is not null)
            ? new CapacityInput(value, unit)
            : null,
        JobsCreated = row.Long("jobs_created"),
        AnnouncedOn = row.Text("announced_on"),
        ConstructionStartOn = row.Text("construction_start_on"),
        CompletedOn = row.Text("completed_on"),
        Latitude = row.Double("latitude"),
        Longitude = row.Double("longitude"),
        Summary = row.Text("summary"),
        Slug = row.Text("slug"),
        Sources = Sources(row),
    };

    public override string? SlugOf(object input) => InputText.Trimmed(((ProjectInput)input).Slug);

    public override string? DuplicateKey(object input)
    {
        var project = (ProjectInput)input;
        return InputText.Trimmed(project.HostCountry) is { } host && InputText.Trimmed(project.Name) is { } name
            ? Key(host, name, DateKey(project.ConstructionStartOn))
            : null;
    }

    public override async Task<IReadOnlyList<ExistingRecord>> ExistingAsync(
        IReadOnlyCollection<string> keys, IReadOnlyCollection<string> titles, bool includeDrafts, CancellationToken cancellationToken)
    {
        var squashed = titles.Select(SquashTitle).Distinct().ToArray();
        var ids = await db.Database.SqlQuery<long>($"""
            SELECT id AS "Value" FROM projects
            WHERE archived_at IS NULL AND lower(regexp_replace(name, '\s', '', 'g')) = ANY({squashed})
            """).ToListAsync(cancellationToken);
        var candidates = await db.Projects.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.HostCountryIso3, p.ConstructionStartOn, p.ConstructionStartOnPrecision })
            .ToListAsync(cancellationToken);
        var found = candidates
            .Select(c => new ExistingRecord(
                Key(c.HostCountryIso3, c.Name,
                    c.ConstructionStartOn is { } d && c.ConstructionStartOnPrecision is { } precision ? new PartialDate(d, precision).ToString() : ""),
                $"project {c.Id} “{c.Name}”"))
            .Where(e => keys.Contains(e.Key))
            .ToList();
        if (includeDrafts)
        {
            found.AddRange((await OpenDraftsAsync(db, records, squashed, DuplicateKey, cancellationToken)).Where(e => keys.Contains(e.Key)));
        }

        return found;
    }

    private static string Key(string host, string name, string date) => $"{host.Trim().ToUpperInvariant()}|{NormaliseTitle(name)}|{date}";

    /// <summary>"12:contractor;15:investor".</summary>
    private static IReadOnlyList<CompanyInput>? Companies(ImportRow row)
    {
        if (row.List("companies") is not { } items)
        {
            return null;
        }

        var companies = new List<CompanyInput>();
        foreach (var item in items)
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && ImportRow.ParseId(item[..colon]) is { } id)
            {
                companies.Add(new CompanyInput(id, item[(colon + 1)..].Trim()));
            }
            else
            {
                row.Add("companies", $"'{item}' is not a company: write the organisation's id and its role, as in 12:contractor.");
            }
        }

        return companies;
    }
}
