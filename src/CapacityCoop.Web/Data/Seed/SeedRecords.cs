using System.Text.Json;
using System.Text.Json.Serialization;

namespace CapacityCoop.Web.Data.Seed;

/// <summary>The shape of seed-records.json: the agreements and projects the source articles describe.</summary>
public sealed record SeedRecords(
    IReadOnlyList<SeedSource> Sources,
    IReadOnlyList<SeedOrganisation> Organisations,
    IReadOnlyList<SeedAgreement> Agreements,
    IReadOnlyList<SeedProject> Projects)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static SeedRecords Read(string path) =>
        JsonSerializer.Deserialize<SeedRecords>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no seed records.");
}

public sealed record SeedSource(string Key, string Title, string? Publisher, string? PublishedOn, string? Url, string? SeedFile, string? Note);

public sealed record SeedOrganisation(string Key, string Name, string? NameZh, string Kind, string? Country);

public sealed record SeedMoney(decimal Amount, string Currency, decimal? Usd);

public sealed record SeedCapacity(decimal Value, string Unit);

public sealed record SeedParty(string? Country, string? Bloc, string? Organisation);

public sealed record SeedCitation(string Source, string? Note);

public sealed record SeedCompany(string Organisation, string Role);

public sealed record SeedAgreement(
    string Key,
    string Title,
    string? TitleZh,
    string Kind,
    string Status,
    IReadOnlyList<SeedParty> Parties,
    string? SignedOn,
    string? SignedPlace,
    string? Signatories,
    SeedMoney? Value,
    string? ValueNote,
    IReadOnlyList<string> Sectors,
    string? Summary,
    string? Event,
    string? Parent,
    IReadOnlyList<SeedCitation> Sources);

public sealed record SeedProject(
    string Key,
    string Name,
    string? NameZh,
    string HostCountry,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string>? Agreements,
    IReadOnlyList<SeedCompany>? Companies,
    string Status,
    SeedMoney? Investment,
    string? InvestmentNote,
    SeedCapacity? Capacity,
    int? Jobs,
    string? AnnouncedOn,
    string? ConstructionStartOn,
    string? CompletedOn,
    double? Latitude,
    double? Longitude,
    string? Summary,
    IReadOnlyList<SeedCitation> Sources);
