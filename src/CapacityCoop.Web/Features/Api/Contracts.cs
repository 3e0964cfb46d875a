using System.Text.Json;

namespace CapacityCoop.Web.Features.Api;

/// <summary>A page of results: the shape every list endpoint returns.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

/// <summary>An amount in its original currency (ISO 4217) with the US-dollar figure beside it.</summary>
public sealed record MoneyDto(decimal Amount, string Currency, decimal? Usd);

/// <summary>A party: <c>type</c> is "country", "bloc" or "organisation"; <c>code</c> is the ISO3 code, bloc code or organisation id.</summary>
public sealed record PartyDto(string Type, string Code, string Name, string? NameZh);

public sealed record SectorRefDto(string Code, string Name, string NameZh);

/// <summary>A country as records refer to it: ISO 3166-1 alpha-3 code with its English and Chinese names.</summary>
public sealed record CountryRefDto(string Iso3, string NameEn, string NameZh);

public sealed record AgreementRefDto(long Id, string Title);

public sealed record ProjectRefDto(long Id, string Name, string Status, string HostCountry);

/// <summary>A source backing a record, with what it says about that record (<c>note</c>).</summary>
public sealed record SourceDto(long Id, string Title, string? Publisher, string? PublishedOn, string? Url, string? Note);

/// <summary>A source in a create/replace request: an existing source by <c>sourceId</c>, or a new one by title (with publisher, date, URL).</summary>
public sealed record SourceInput(long? SourceId, string? Title, string? Publisher, string? PublishedOn, string? Url, string? Note);

public sealed record MoneyInput(decimal? Amount, string? Currency, decimal? Usd);

/// <summary>One entry of a record's history: who did what when, and which fields changed from what to what.</summary>
public sealed record AuditEntryDto(long Id, string Action, string Actor, DateTimeOffset At, string? Note, IReadOnlyList<FieldChangeDto> Changes);

public sealed record FieldChangeDto(string Field, JsonElement? Before, JsonElement? After);

/// <summary>Counted agreements (ADR-002) signed in one year and their US-dollar value.</summary>
public sealed record YearValueDto(int Year, int AgreementCount, decimal ValueUsd);

/// <summary>A country's share of a set of counted agreements: a partner, or a top country of a sector.</summary>
public sealed record CountryShareDto(string Iso3, string NameEn, string NameZh, int AgreementCount, decimal ValueUsd);
