using CapacityCoop.Web.Features.Api;

namespace CapacityCoop.Web.Pages.Shared;

/// <summary>What the _ValueByYear partial draws: a year series of one country or sector (<paramref name="Subject"/> names it).</summary>
public sealed record ValueByYearSection(string Id, string Subject, IReadOnlyList<YearValueDto> Years);

/// <summary>What the _RankedBars partial draws: categories (sectors, countries) ranked by agreements, with a table.</summary>
public sealed record RankedBarsSection(
    string Id,
    string Heading,
    string ChartTitle,
    string CategoryHeader,
    string? Note,
    IReadOnlyList<RankedRow> Rows);

/// <summary>One category of a ranked chart: its name, where its page is, and its counted agreements and value.</summary>
public sealed record RankedRow(string Label, string Href, int AgreementCount, decimal ValueUsd);
