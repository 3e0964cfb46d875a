namespace CapacityCoop.Web.Domain;

public sealed class Agreement : IArchivable, ITimestamped, ISlugged
{
    public long Id { get; set; }

    /// <summary>Stable, human-readable key (seed records use it; demo rows get "demo-{n}").</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }
    public string? TitleZh { get; set; }
    public required string Kind { get; set; }
    public required string Status { get; set; }

    public DateOnly? SignedOn { get; set; }
    public DatePrecision? SignedOnPrecision { get; set; }
    public string? SignedPlace { get; set; }
    public string? Signatories { get; set; }

    public decimal? ValueAmount { get; set; }
    public string? ValueCurrency { get; set; }
    public decimal? ValueUsd { get; set; }

    /// <summary>Which figure the record uses when sources disagree, and why.</summary>
    public string? ValueNote { get; set; }

    public string? Summary { get; set; }
    public string? EventName { get; set; }

    /// <summary>The umbrella (framework) agreement this one was signed under.</summary>
    public long? ParentAgreementId { get; set; }

    /// <summary>
    /// Computed by the database: an agreement signed under an umbrella is counted through its umbrella,
    /// so totals never add the 33 documents on top of the framework that contains them.
    /// </summary>
    public bool CountsTowardTotals { get; private set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>PostgreSQL's xmin, used as the optimistic-concurrency token.</summary>
    public uint Version { get; set; }

    public Agreement? ParentAgreement { get; set; }
    public List<Agreement> ChildAgreements { get; set; } = [];
    public List<AgreementParty> Parties { get; set; } = [];
    public List<AgreementSector> Sectors { get; set; } = [];
    public List<AgreementSource> Sources { get; set; } = [];
    public List<ProjectAgreement> Projects { get; set; } = [];

    public PartialDate? Signed
    {
        get => SignedOn is { } d && SignedOnPrecision is { } p ? new PartialDate(d, p) : null;
        set => (SignedOn, SignedOnPrecision) = (value?.Date, value?.Precision);
    }

    public Money? Value
    {
        get => Money.From(ValueAmount, ValueCurrency, ValueUsd);
        set => (ValueAmount, ValueCurrency, ValueUsd) = (value?.Amount, value?.Currency, value?.Usd);
    }
}

/// <summary>A party to an agreement: exactly one of a country, a bloc or an organisation.</summary>
public sealed class AgreementParty
{
    public long Id { get; set; }
    public long AgreementId { get; set; }
    public string? CountryIso3 { get; set; }
    public string? BlocCode { get; set; }
    public long? OrganisationId { get; set; }
    public int Position { get; set; }

    public Agreement? Agreement { get; set; }
    public Country? Country { get; set; }
    public Bloc? Bloc { get; set; }
    public Organisation? Organisation { get; set; }
}

public sealed class AgreementSector
{
    public long AgreementId { get; set; }
    public required string SectorCode { get; set; }

    public Agreement? Agreement { get; set; }
    public Sector? Sector { get; set; }
}

public sealed class AgreementSource
{
    public long AgreementId { get; set; }
    public long SourceId { get; set; }

    /// <summary>What this source says about the record (e.g. "states US$23.6 billion in 28 areas").</summary>
    public string? Note { get; set; }

    public Agreement? Agreement { get; set; }
    public Source? Source { get; set; }
}
