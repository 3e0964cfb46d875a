using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Organisations;

/// <summary>The one place organisations are filtered, paged and read by id.</summary>
public sealed class OrganisationQuery(PortalDbContext db)
{
    public IQueryable<Organisation> Filtered(OrganisationFilter filter)
    {
        var query = db.Organisations.AsNoTracking().Where(o => o.ArchivedAt == null);

        if (filter.Countries.Count > 0)
        {
            var countries = filter.Countries;
            query = query.Where(o => o.CountryIso3 != null && countries.Contains(o.CountryIso3));
        }

        if (filter.Kinds.Count > 0)
        {
            var kinds = filter.Kinds;
            query = query.Where(o => kinds.Contains(o.Kind));
        }

        if (filter.Q is { } q)
        {
            // The text is matched literally: % and _ typed by a user are not wildcards.
            var pattern = $"%{q.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
            query = query.Where(o => EF.Functions.ILike(o.Name, pattern, @"\") || (o.NameZh != null && EF.Functions.ILike(o.NameZh, pattern, @"\")));
        }

        return query;
    }

    public async Task<PagedResult<OrganisationDto>> PageAsync(OrganisationFilter filter, CancellationToken cancellationToken = default)
    {
        var filtered = Filtered(filter);
        var total = await filtered.CountAsync(cancellationToken);
        var rows = await Rows(filtered.OrderBy(o => o.Name).ThenBy(o => o.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize))
            .ToListAsync(cancellationToken);
        return new PagedResult<OrganisationDto>(rows, filter.Page, filter.PageSize, total, (int)Math.Ceiling(total / (double)filter.PageSize));
    }

    public Task<OrganisationDto?> DetailAsync(long id, CancellationToken cancellationToken = default) =>
        Rows(db.Organisations.AsNoTracking().Where(o => o.Id == id)).SingleOrDefaultAsync(cancellationToken);

    private static IQueryable<OrganisationDto> Rows(IQueryable<Organisation> query) => query.Select(o => new OrganisationDto(
        o.Id, o.Slug, o.Name, o.NameZh, o.Kind,
        o.Country == null ? null : new CountryRefDto(o.Country.Iso3, o.Country.NameEn, o.Country.NameZh),
        o.ArchivedAt != null, o.ArchivedAt));
}
