using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Import;

/// <summary>Agreement rows: <see cref="AgreementInput"/> flattened into columns.</summary>
public sealed class AgreementImportFormat(PortalDbContext db, AgreementRecords records) : ImportFormat
{
    public override string EntityType => AgreementEditor.EntityType;

    public override string TitleColumn => "title";

    public override string SameRecordRule => "the same parties, the same title (ignoring case and spacing) and the same signing date";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("title", true, "Title in English (required)."),
        new("title_zh", false, "Title in Chinese."),
        new("kind", true, $"One of {string.Join(", ", Vocabulary.AgreementKinds)} (required)."),
        new("status", true, $"One of {string.Join(", ", Vocabulary.AgreementStatuses)} (required)."),
        new("parties", true, "At least two parties separated by ';': ISO 3166-1 alpha-3 country codes (KAZ), bloc codes (AU, SCO) or org:ID for an organisation (required)."),
        new("signed_on", false, "Signing date: 2015, 2015-05 or 2015-05-19."),
        new("signed_place", false, "Where it was signed."),
        new("signatories", false, "Who signed it."),
        new("value_amount", false, "Value, a plain number (23600000000)."),
        new("value_currency", false, "ISO 4217 currency of the value (USD, CNY); needed with a value."),
        new("value_usd", false, "The value in US dollars; needed when the currency is not USD."),
        new("value_note", false, "Which figure is used when sources differ, and why."),
        new("sectors", false, "Sector codes separated by ';' (steel;railways)."),
        new("summary", false, "Summary."),
        new("event", false, "The event it was signed at."),
        new("parent_agreement_id", false, "Id of the umbrella agreement it was signed under."),
        new("slug", false, "Stable key for its address; made from the title when blank."),
        .. SourceColumns,
    ];

    public override IReadOnlyList<string> ExampleRow { get; } =
    [
        "China–Kazakhstan industrial capacity cooperation framework",
        "",
        "framework",
        "signed",
        "CHN;KAZ",
        "2014-12",
        "Astana",
        "Li Keqiang (Premier of China); Karim Massimov (Prime Minister of Kazakhstan)",
        "23600000000",
        "USD",
        "23600000000",
        "Uses US$23.6 billion: cooperation agreements in 28 areas, as stated by Foreign Minister Wang Yi on 28 April 2015.",
        "steel;non-ferrous-metals;building-materials;oil-refining;hydropower;automobiles",
        "Umbrella for China–Kazakhstan industrial capacity cooperation, proposed by Premier Li Keqiang during his December 2014 visit to Kazakhstan.",
        "Premier Li Keqiang's visit to Kazakhstan for the SCO prime ministers' meeting in Astana, December 2014",
        "",
        "",
        "",
        "Promote Industrial Cooperation for Common Development – Keynote Speech by Foreign Minister Wang Yi at the Eleventh Lanting Forum",
        "Daxinya (Shenzhen Daxinya Translation Co., Ltd.)",
        "2015-04-28",
        "",
        "States that the two sides signed cooperation agreements in 28 areas worth US$23.6 billion.",
    ];

    public override object ToInput(ImportRow row, ReferenceData.Snapshot reference) => new AgreementInput
    {
        Title = row.Text("title"),
        TitleZh = row.Text("title_zh"),
        Kind = row.Text("kind"),
        Status = row.Text("status"),
        Parties = Parties(row, reference),
        SignedOn = row.Text("signed_on"),
        SignedPlace = row.Text("signed_place"),
        Signatories = row.Text("signatories"),
        Value = Money(row, "value"),
        ValueNote = row.Text("value_note"),
        Sectors = row.List("sectors"),
        Summary = row.Text("summary"),
        Event = row.Text("event"),
        ParentAgreementId = row.Long("parent_agreement_id"),
        Slug = row.Text("slug"),
        Sources = Sources(row),
    };

    public override string? SlugOf(object input) => InputText.Trimmed(((AgreementInput)input).Slug);

    public override string? DuplicateKey(object input)
    {
        var agreement = (AgreementInput)input;
        var parties = (agreement.Parties ?? []).Select(p => PartyKey(p.Country, p.Bloc, p.OrganisationId)).Distinct().Order(StringComparer.Ordinal).ToList();
        return parties.Count < 2 || InputText.Trimmed(agreement.Title) is not { } title
            ? null
            : Key(parties, title, DateKey(agreement.SignedOn));
    }

    public override async Task<IReadOnlyList<ExistingRecord>> ExistingAsync(
        IReadOnlyCollection<string> keys, IReadOnlyCollection<string> titles, bool includeDrafts, CancellationToken cancellationToken)
    {
        // Only titles can be compared in SQL cheaply; parties and dates are compared here, on the few that match.
        var squashed = titles.Select(SquashTitle).Distinct().ToArray();
        var ids = await db.Database.SqlQuery<long>($"""
            SELECT id AS "Value" FROM agreements
            WHERE archived_at IS NULL AND lower(regexp_replace(title, '\s', '', 'g')) = ANY({squashed})
            """).ToListAsync(cancellationToken);
        var candidates = await db.Agreements.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new
            {
                a.Id,
                a.Title,
                a.SignedOn,
                a.SignedOnPrecision,
                Parties = a.Parties.Select(p => new { p.CountryIso3, p.BlocCode, p.OrganisationId }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var found = candidates
            .Select(c => new ExistingRecord(
                Key(c.Parties.Select(p => PartyKey(p.CountryIso3, p.BlocCode, p.OrganisationId)).Distinct().Order(StringComparer.Ordinal), c.Title,
                    c.SignedOn is { } d && c.SignedOnPrecision is { } precision ? new PartialDate(d, precision).ToString() : ""),
                $"agreement {c.Id} “{c.Title}”"))
            .Where(e => keys.Contains(e.Key))
            .ToList();
        if (includeDrafts)
        {
            found.AddRange((await OpenDraftsAsync(db, records, squashed, DuplicateKey, cancellationToken)).Where(e => keys.Contains(e.Key)));
        }

        return found;
    }

    private static string PartyKey(string? country, string? bloc, long? organisationId) =>
        country is not null ? country.Trim().ToUpperInvariant() : bloc is not null ? bloc.Trim().ToUpperInvariant() : $"org:{organisationId}";

    private static string Key(IEnumerable<string> parties, string title, string date) =>
        $"{string.Join(',', parties)}|{NormaliseTitle(title)}|{date}";

    /// <summary>"KAZ", "AU", "org:12", or explicitly "country:KAZ" / "bloc:AU": a bare code is a country when one has it, else a bloc.</summary>
    private static IReadOnlyList<PartyInput>? Parties(ImportRow row, ReferenceData.Snapshot reference)
    {
        if (row.List("parties") is not { } items)
        {
            return null;
        }

        var parties = new List<PartyInput>();
        foreach (var item in items)
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var (prefix, code) = colon < 0 ? ("", item) : (item[..colon].Trim().ToLowerInvariant(), item[(colon + 1)..].Trim());
            switch (prefix)
            {
                case "org" or "organisation":
                    if (ImportRow.ParseId(code) is { } id)
                    {
                        parties.Add(new PartyInput(null, null, id));
                    }
                    else
                    {
                        row.Add("parties", $"'{item}' is not an organisation: write org: and its id, as in org:12.");
                    }

                    break;
                case "bloc":
                    parties.Add(new PartyInput(null, code, null));
                    break;
                case "country":
                    parties.Add(new PartyInput(code, null, null));
                    break;
                case "":
                    parties.Add(!reference.Countries.ContainsKey(code) && reference.Blocs.ContainsKey(code)
                        ? new PartyInput(null, code, null)
                        : new PartyInput(code, null, null));
                    break;
                default:
                    row.Add("parties", $"'{item}' is not a party: write a country code (KAZ), a bloc code (AU) or org: and an organisation id.");
                    break;
            }
        }

        return parties;
    }
}
