using System.Globalization;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Staff.Forms;

/// <summary>One record a picker offers: its id and a label that tells it apart from similar ones.</summary>
public sealed record LookupItem(long Id, string Label);

/// <summary>
/// The records the forms' pickers choose from: organisations (companies, organisation parties), agreements a project
/// implements, and umbrella agreements (top-level, not archived). There may be 100,000 or more of each, so a picker
/// lists them all only when there are few, and otherwise searches.
/// </summary>
public sealed class RecordLookup(PortalDbContext db)
{
    public const string Organisation = "organisation";
    public const string Agreement = "agreement";

    /// <summary>Agreements that may be an umbrella: top-level and not archived.</summary>
    public const string Umbrella = "umbrella";

    public const int MaxResults = 20;

    /// <summary>Up to this many options a picker is a plain select; beyond it, a search.</summary>
    public const int MaxOptions = 200;

    public static readonly IReadOnlyList<string> Types = [Organisation, Agreement, Umbrella];

    /// <summary>Records whose name or title contains <paramref name="q"/> (case-insensitive), or whose id it is.</summary>
    public async Task<IReadOnlyList<LookupItem>> FindAsync(string type, string? q, CancellationToken cancellationToken)
    {
        var text = q?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        long? id = long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
        var pattern = $"%{text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
        if (type == Organisation)
        {
            var organisations = Organisations();
            organisations = id is { } oid
                ? organisations.Where(o => o.Id == oid)
                : organisations.Where(o => EF.Functions.ILike(o.Name, pattern, @"\") || (o.NameZh != null && EF.Functions.ILike(o.NameZh, pattern, @"\")));
            return await OrganisationItemsAsync(organisations.OrderBy(o => o.Name).ThenBy(o => o.Id).Take(MaxResults), cancellationToken);
        }

        var agreements = Agreements(type);
        agreements = id is { } aid
            ? agreements.Where(a => a.Id == aid)
            : agreements.Where(a => EF.Functions.ILike(a.Title, pattern, @"\") || (a.TitleZh != null && EF.Functions.ILike(a.TitleZh, pattern, @"\")));
        return await AgreementItemsAsync(agreements.OrderByDescending(a => a.SignedOn).ThenBy(a => a.Id).Take(MaxResults), cancellationToken);
    }

    /// <summary>Every record a picker may offer, when there are at most <see cref="MaxOptions"/>; otherwise null (search instead).</summary>
    public async Task<IReadOnlyList<LookupItem>?> AllIfFewAsync(string type, CancellationToken cancellationToken)
    {
        var items = type == Organisation
            ? await OrganisationItemsAsync(Organisations().Take(MaxOptions + 1), cancellationToken)
            : await AgreementItemsAsync(Agreements(type).Take(MaxOptions + 1), cancellationToken);
        return items.Count > MaxOptions ? null : items.OrderBy(i => i.Label, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>Labels of records already chosen (archived ones too: a record may keep a link it had).</summary>
    public async Task<Dictionary<long, string>> LabelsAsync(string type, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var items = type == Organisation
            ? await OrganisationItemsAsync(db.Organisations.AsNoTracking().Where(o => wanted.Contains(o.Id)), cancellationToken)
            : await AgreementItemsAsync(db.Agreements.AsNoTracking().Where(a => wanted.Contains(a.Id)), cancellationToken);
        return items.ToDictionary(i => i.Id, i => i.Label);
    }

    private IQueryable<Organisation> Organisations() => db.Organisations.AsNoTracking().Where(o => o.ArchivedAt == null);

    private IQueryable<Agreement> Agreements(string type)
    {
        var agreements = db.Agreements.AsNoTracking().Where(a => a.ArchivedAt == null);
        return type == Umbrella ? agreements.Where(a => a.ParentAgreementId == null) : agreements;
    }

    private static async Task<IReadOnlyList<LookupItem>> OrganisationItemsAsync(IQueryable<Organisation> query, CancellationToken cancellationToken) =>
        (await query.Select(o => new { o.Id, o.Name, o.CountryIso3 }).ToListAsync(cancellationToken))
        .Select(o => new LookupItem(o.Id, o.CountryIso3 is null ? $"{o.Name} · #{o.Id}" : $"{o.Name} · {o.CountryIso3} · #{o.Id}"))
        .ToList();

    private static async Task<IReadOnlyList<LookupItem>> AgreementItemsAsync(IQueryable<Agreement> query, CancellationToken cancellationToken) =>
        (await query.Select(a => new { a.Id, a.Title, a.SignedOn, a.SignedOnPrecision }).ToListAsync(cancellationToken))
        .Select(a => new LookupItem(a.Id, a.SignedOn is { } d && a.SignedOnPrecision is { } p
            ? $"{a.Title} · {new PartialDate(d, p)} · #{a.Id}"
            : $"{a.Title} · #{a.Id}"))
        .ToList();
}
