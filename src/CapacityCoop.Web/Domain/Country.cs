namespace CapacityCoop.Web.Domain;

public sealed class Country
{
    public required string Iso3 { get; set; }
    public required string Iso2 { get; set; }
    public required string NumericCode { get; set; }
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }
    public required string Region { get; set; }

    public List<BlocMembership> Blocs { get; set; } = [];
}

/// <summary>A group of states that can itself be a party to an agreement (African Union, SCO, ASEAN, EU ...).</summary>
public sealed class Bloc
{
    public required string Code { get; set; }
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }

    public List<BlocMembership> Members { get; set; } = [];
}

public sealed class BlocMembership
{
    public required string BlocCode { get; set; }
    public required string CountryIso3 { get; set; }

    public Bloc? Bloc { get; set; }
    public Country? Country { get; set; }
}
