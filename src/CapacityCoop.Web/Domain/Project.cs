namespace CapacityCoop.Web.Domain;

public sealed class Project : IArchivable, ITimestamped, ISlugged
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? NameZh { get; set; }
    public required string HostCountryIso3 { get; set; }
    public required string Status { get; set; }

    public decimal? InvestmentAmount { get; set; }
    public string? InvestmentCurrency { get; set; }
    public decimal? InvestmentUsd { get; set; }
    public string? InvestmentNote { get; set; }

    public decimal? CapacityValue { get; set; }
    public string? CapacityUnit { get; set; }
    public int? JobsCreated { get; set; }

    public DateOnly? AnnouncedOn { get; set; }
    public DatePrecision? AnnouncedOnPrecision { get; set; }
    public DateOnly? ConstructionStartOn { get; set; }
    public DatePrecision? ConstructionStartOnPrecision { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public DatePrecision? CompletedOnPrecision { get; set; }

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Summary { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>PostgreSQL's xmin, used as the optimistic-concurrency token.</summary>
    public uint Version { get; set; }

    public Country? HostCountry { get; set; }
    public List<ProjectSector> Sectors { get; set; } = [];
    public List<ProjectAgreement> Agreements { get; set; } = [];
    public List<ProjectCompany> Companies { get; set; } = [];
    public List<ProjectSource> Sources { get; set; } = [];

    public Money? Investment
    {
        get => Money.From(InvestmentAmount, InvestmentCurrency, InvestmentUsd);
        set => (InvestmentAmount, InvestmentCurrency, InvestmentUsd) = (value?.Amount, value?.Currency, value?.Usd);
    }

    public PartialDate? Announced
    {
        get => AnnouncedOn is { } d && AnnouncedOnPrecision is { } p ? new PartialDate(d, p) : null;
        set => (AnnouncedOn, AnnouncedOnPrecision) = (value?.Date, value?.Precision);
    }

    public PartialDate? ConstructionStart
    {
        get => ConstructionStartOn is { } d && ConstructionStartOnPrecision is { } p ? new PartialDate(d, p) : null;
        set => (ConstructionStartOn, ConstructionStartOnPrecision) = (value?.Date, value?.Precision);
    }

    public PartialDate? Completed
    {
        get => CompletedOn is { } d && CompletedOnPrecision is { } p ? new PartialDate(d, p) : null;
        set => (CompletedOn, CompletedOnPrecision) = (value?.Date, value?.Precision);
    }
}

public sealed class ProjectSector
{
    public long ProjectId { get; set; }
    public required string SectorCode { get; set; }

    public Project? Project { get; set; }
    public Sector? Sector { get; set; }
}

/// <summary>Links a project to an agreement it implements.</summary>
public sealed class ProjectAgreement
{
    public long ProjectId { get; set; }
    public long AgreementId { get; set; }

    public Project? Project { get; set; }
    public Agreement? Agreement { get; set; }
}

public sealed class ProjectCompany
{
    public long ProjectId { get; set; }
    public long OrganisationId { get; set; }
    public required string Role { get; set; }

    public Project? Project { get; set; }
    public Organisation? Organisation { get; set; }
}

public sealed class ProjectSource
{
    public long ProjectId { get; set; }
    public long SourceId { get; set; }
    public string? Note { get; set; }

    public Project? Project { get; set; }
    public Source? Source { get; set; }
}
