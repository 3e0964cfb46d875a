using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>One row of a staff list: published records, archived ones included, with the open draft if there is one.</summary>
/// <summary><see cref="Code"/> is the agreement's kind, the project's status or the organisation's kind.</summary>
public sealed record StaffListRow(long Id, string Title, string? TitleZh, string Code, string? Date, string? Country, bool Archived, long? OpenDraftId, string? DraftState);

/// <summary>
/// The staff lists of agreements, projects and organisations. Unlike the public queries they include archived records
/// (staff restore them) and say which records have an open draft.
/// </summary>
public sealed class StaffRecordLists(PortalDbContext db)
{
    public const int PageSize = 50;

    public async Task<PagedResult<StaffListRow>> AgreementsAsync(string? q, int page, CancellationToken cancellationToken)
    {
        var query = db.Agreements.AsNoTracking();
        if (Search(q) is { } search)
        {
            var pattern = search.Pattern;
            query = search.Id is { } exact
                ? query.Where(a => a.Id == exact)
                : query.Where(a => EF.Functions.ILike(a.Title, pattern, @"\") || (a.TitleZh != null && EF.Functions.ILike(a.TitleZh, pattern, @"\")));
        }

        return await PageAsync(
            query.OrderByDescending(a => a.Id).Select(a => new Row(a.Id, a.Title, a.TitleZh, a.Kind, a.SignedOn, a.SignedOnPrecision, null, a.ArchivedAt != null)),
            query.CountAsync(cancellationToken), "agreement", page, cancellationToken);
    }

    public async Task<PagedResult<StaffListRow>> ProjectsAsync(string? q, int page, CancellationToken cancellationToken)
    {
        var query = db.Projects.AsNoTracking();
        if (Search(q) is { } search)
        {
            var pattern = search.Pattern;
            query = search.Id is { } exact
                ? query.Where(p => p.Id == exact)
                : query.Where(p => EF.Functions.ILike(p.Name, pattern, @"\") || (p.NameZh != null && EF.Functions.ILike(p.NameZh, pattern, @"\")));
        }

        return await PageAsync(
            query.OrderByDescending(p => p.Id).Select(p => new Row(p.Id, p.Name, p.NameZh, p.Status, null, null, p.HostCountryIso3, p.ArchivedAt != null)),
            query.CountAsync(cancellationToken), "project", page, cancellationToken);
    }

    public async Task<PagedResult<StaffListRow>> OrganisationsAsync(string? q, int page, CancellationToken cancellationToken)
    {
        var query = db.Organisations.AsNoTracking();
        if (Search(q) is { } search)
        {
            var pattern = search.Pattern;
            query = search.Id is { } exact
                ? query.Where(o => o.Id == exact)
                : query.Where(o => EF.Functions.ILike(o.Name, pattern, @"\") || (o.NameZh != null && EF.Functions.ILike(o.NameZh, pattern, @"\")));
        }

        return await PageAsync(
            query.OrderByDescending(o => o.Id).Select(o => new Row(o.Id, o.Name, o.NameZh, o.Kind, null, null, o.CountryIso3, o.ArchivedAt != null)),
            query.CountAsync(cancellationToken), "organisation", page, cancellationToken);
    }

    private sealed record Row(long Id, string Title, string? TitleZh, string Detail, DateOnly? Date, DatePrecision? Precision, string? Country, bool Archived);

    /// <summary>An exact id ("123" or "#123"), or a piece of the name matched literally (% and _ are not wildcards).</summary>
    private static (long? Id, string Pattern)? Search(string? q)
    {
        var text = q?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? (id, "")
            : (null, $"%{text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%");
    }

    private async Task<PagedResult<StaffListRow>> PageAsync(IQueryable<Row> rows, Task<int> count, string entityType, int page, CancellationToken cancellationToken)
    {
        var total = await count;
        var pages = Math.Max(1, (int)Math.Ceiling(total / (double)PageSize));
        page = Math.Clamp(page, 1, pages);
        var items = await rows.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var ids = items.Select(r => r.Id).ToList();
        var drafts = await db.Drafts.AsNoTracking()
            .Where(d => d.EntityType == entityType && d.EntityId != null && ids.Contains(d.EntityId.Value) && DraftStates.Open.Contains(d.State))
            .Select(d => new { EntityId = d.EntityId!.Value, d.Id, d.State })
            .ToListAsync(cancellationToken);
        var draftOf = drafts.ToDictionary(d => d.EntityId);
        return new PagedResult<StaffListRow>(
            items.Select(r => new StaffListRow(
                r.Id, r.Title, r.TitleZh,
                r.Detail,
                r.Date is { } d && r.Precision is { } p ? new PartialDate(d, p).ToString() : null,
                r.Country, r.Archived,
                draftOf.TryGetValue(r.Id, out var draft) ? draft.Id : null,
                draft?.State)).ToList(),
            page, PageSize, total, pages);
    }
}
