using CapacityCoop.Web.Features.Staff;

namespace CapacityCoop.Web.Pages.Shared;

/// <summary>What <c>_Comparison.cshtml</c> shows: two versions of a record, with headings saying whose each is.</summary>
public sealed record ComparisonView(string Caption, string MineHeading, string StoredHeading, IReadOnlyList<FieldComparison> Rows);
