using System.Globalization;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Maps;
using CapacityCoop.Web.Features.Projects;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Projects;

/// <summary>
/// One project: the facts, where it is (a map marker when the location is known), the agreements it implements, the
/// companies involved, sources as citations, a ready-made citation of the record and its recent history. Archived
/// projects stay readable here so links and citations keep working; an unknown id is a 404 page.
/// </summary>
public sealed class DetailsModel(
    ProjectQuery projects,
    ReferenceData referenceData,
    WorldMap worldMap,
    PortalDbContext db,
    IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>How many history entries the page shows; the JSON history has them all.</summary>
    public const int HistoryShown = 10;

    /// <summary>The page draws the world about 700 px wide (0.7 of the map's units): a 7-unit marker stays easy to see.</summary>
    private const double LocatorMarkerRadius = 7;

    public long Id { get; private set; }

    /// <summary>Null when there is no project with this id: the page shows its not-found text with status 404.</summary>
    public ProjectDetailDto? Project { get; private set; }

    public ReferenceData.Snapshot Reference { get; private set; } = null!;

    /// <summary>The locator map (inline SVG), or null when the location is not known.</summary>
    public string? MapSvg { get; private set; }

    /// <summary>"Location: 3.97° N, 103.38° E, Malaysia": the map's text alternative, shown beside it.</summary>
    public string? LocationText { get; private set; }

    /// <summary>The latest changes, newest first.</summary>
    public IReadOnlyList<AuditEntryDto> History { get; private set; } = [];

    public int HistoryCount { get; private set; }

    public string BackUrl { get; private set; } = "/projects";

    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        Reference = await referenceData.GetAsync(cancellationToken);
        Project = await projects.DetailAsync(id, cancellationToken);
        if (Project is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (Project is { Latitude: { } latitude, Longitude: { } longitude })
        {
            var country = CountryName(Project.HostCountry.Iso3);
            var where = Coordinates(latitude, longitude);
            LocationText = text["Location: {0}, {1}", where, country];
            MapSvg = worldMap.RenderLocator(latitude, longitude, Name, Project.HostCountry.Iso3, worldMap.HasShape(Project.HostCountry.Iso3)
                ? text["{0} is marked at {1}, in {2}, which is outlined.", Name, where, country]
                : text["{0} is marked at {1}, in {2}.", Name, where, country], markerRadius: LocatorMarkerRadius);
        }

        var history = await AuditLog.HistoryAsync(db, ProjectEditor.EntityType, id, cancellationToken);
        HistoryCount = history.Count;
        History = history.Reverse().Take(HistoryShown).ToList();
        BackUrl = BackToSearch(Request);
    }

    public string Name => PortalLocalization.Pick(Project!.Name, Project.NameZh);

    /// <summary>The name in the other language, when the record has both (shown under the heading with its lang).</summary>
    public (string Text, string Lang)? OtherName => string.IsNullOrWhiteSpace(Project!.NameZh)
        ? null
        : PortalLocalization.IsChinese ? (Project.Name, PortalLocalization.English) : (Project.NameZh, PortalLocalization.Chinese);

    public string StableUrl => Request.PublicUrl($"/projects/{Id}");

    /// <summary>A plain-text citation of this version of the record.</summary>
    public string Citation => text[
        "CapacityCoop ({0}). \"{1}\". Project {2}, version of {3}. {4}",
        Project!.UpdatedAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture),
        Name,
        Id.ToString(CultureInfo.InvariantCulture),
        Day(Project.UpdatedAt),
        StableUrl];

    public string CountryName(string iso3) =>
        Reference.Countries.TryGetValue(iso3, out var c) ? PortalLocalization.Pick(c.NameEn, c.NameZh) : iso3;

    public string SectorName(string code) =>
        Reference.Sectors.TryGetValue(code, out var s) ? PortalLocalization.Pick(s.NameEn, s.NameZh) : code;

    /// <summary>A key date at the precision the record knows, or "Date not known".</summary>
    public string DateText(string? isoPartial) => isoPartial is null ? text["Date not known"] : Formats.Date(isoPartial);

    /// <summary>The calendar day of an instant (UTC) as <see cref="Formats.Date"/> writes it.</summary>
    public static string Day(DateTimeOffset instant) =>
        Formats.Date(PartialDate.Day(instant.UtcDateTime.Year, instant.UtcDateTime.Month, instant.UtcDateTime.Day).ToString());

    /// <summary>An instant to the minute, in UTC.</summary>
    public static string Instant(DateTimeOffset instant) =>
        $"{Day(instant)}{(PortalLocalization.IsChinese ? " " : ", ")}{instant.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC";

    /// <summary>"3.97° N, 103.38° E" (北纬3.97°，东经103.38° in Chinese), to two decimals as the map's description has it.</summary>
    public static string Coordinates(double latitude, double longitude)
    {
        var lat = Math.Abs(latitude).ToString("0.##", CultureInfo.InvariantCulture);
        var lon = Math.Abs(longitude).ToString("0.##", CultureInfo.InvariantCulture);
        return PortalLocalization.IsChinese
            ? $"{(latitude < 0 ? "南纬" : "北纬")}{lat}°，{(longitude < 0 ? "西经" : "东经")}{lon}°"
            : $"{lat}° {(latitude < 0 ? 'S' : 'N')}, {lon}° {(longitude < 0 ? 'W' : 'E')}";
    }

    /// <summary>Back to the search the reader came from (same site, /projects with its filters), else to a fresh search.</summary>
    private static string BackToSearch(HttpRequest request)
    {
        if (Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
            && referrer.Scheme is "http" or "https"
            && string.Equals(referrer.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && referrer.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80))
            && string.Equals(referrer.AbsolutePath, $"{request.PathBase}/projects", StringComparison.OrdinalIgnoreCase)
            && referrer.Query.Length > 1)
        {
            return $"/projects{referrer.Query}";
        }

        return "/projects";
    }
}
