using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Projects;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Features.Projects;

/// <summary>Project filters from query strings, parsed exactly as the API and the page parse them.</summary>
public static class ProjectFilters
{
    public static async Task<ProjectFilter> ParseAsync(DatabaseFixture database, string query)
    {
        var reference = await database.QueryAsync(async db => new ReferenceData.Snapshot(
            await db.Countries.AsNoTracking().ToDictionaryAsync(
                c => c.Iso3, c => new ReferenceData.CountryRef(c.Iso3, c.Iso2, c.NameEn, c.NameZh, c.Region), StringComparer.OrdinalIgnoreCase),
            await db.Sectors.AsNoTracking().ToDictionaryAsync(
                s => s.Code, s => new ReferenceData.SectorRef(s.Code, s.NameEn, s.NameZh, s.IsFocusSector, s.SortOrder), StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, ReferenceData.BlocRef>()));
        var parameters = new QueryParameters(new QueryCollection(QueryHelpers.ParseQuery(query)), ProjectFilter.Parameters);
        var filter = ProjectFilter.Parse(parameters, reference);
        parameters.IsValid.ShouldBeTrue(string.Join("; ", parameters.Errors.SelectMany(e => e.Value)));
        return filter;
    }
}
